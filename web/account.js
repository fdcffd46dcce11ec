// Coaching mode's accounts on the page: who is signed in (GET /api/me), the sign-in,
// set-password and invitation forms, the tabs each role sees, and the Account page
// (download everything, sign out everywhere, delete the account). In the private app
// there are no accounts and none of this shows.
import { $, api, download, showError } from "./shared.js";

export const account = {
  accounts: false,  // the server runs in coaching mode
  user: null,       // {id, email, name, role} when signed in
};

let linkToken = "";  // from a set-password or invitation link, taken out of the address at once

export async function loadAccount() {
  const hash = location.hash;
  for (const [prefix, form] of [["#set-password=", "password-form"], ["#join=", "join-form"]]) {
    if (!hash.startsWith(prefix)) continue;
    linkToken = hash.slice(prefix.length);
    history.replaceState(null, "", "#signin");  // the token must not stay in the address bar or history
    $("signin-form").hidden = true;
    $(form).hidden = false;
  }
  Object.assign(account, await api("/api/me"));
  showAccount();
}

// Which tabs show: the sign-in page alone until a user is signed in; then the tabs of the role.
export function visibleTab(name) {
  if (!account.accounts) return !document.querySelector(`nav a[data-tab="${name}"]`)?.dataset.role && name !== "signin";
  if (!account.user) return name === "signin";
  const link = document.querySelector(`nav a[data-tab="${name}"]`);
  const role = link?.dataset.role;
  return Boolean(link) && (!role || role === "any" || role === account.user.role);
}

function showAccount() {
  const user = account.user;
  for (const link of document.querySelectorAll("nav a")) link.hidden = !visibleTab(link.dataset.tab);
  document.querySelector("nav").hidden = account.accounts && !user;
  $("account-bar").hidden = !user;
  $("submit-attempt").hidden = user?.role !== "candidate";
  if (user) {
    $("account-name").textContent = user.name || user.email;
    $("account-summary").textContent = `Signed in as ${user.email} (${user.role}).`;
  }
  if (account.accounts)
    $("footer").textContent = "Your practice is kept on your coaching practice's server. Your coach sees only the answers you send and the stories you share.";
}

async function signedIn(reply, status) {
  account.user = reply.user;
  $(status).textContent = "";
  location.hash = account.user.role === "coach" ? "#coaching" : account.user.role === "admin" ? "#users" : "#practice";
  location.reload();  // every page loads again, as this user
}

async function submitForm(event, path, body, status) {
  event.preventDefault();
  try {
    await signedIn(await api(path, body), status);
  } catch (error) {
    $(status).textContent = error.message;
  }
}

async function signOut(path) {
  try {
    await api(path, undefined, "DELETE");
  } finally {
    location.hash = "#signin";
    location.reload();
  }
}

export function startAccount() {
  $("signin-form").addEventListener("submit", (event) =>
    submitForm(event, "/api/session", { email: $("signin-email").value, password: $("signin-password").value }, "signin-status"));
  $("password-form").addEventListener("submit", (event) =>
    submitForm(event, "/api/password", { token: linkToken, password: $("new-password").value }, "signin-status"));
  $("join-form").addEventListener("submit", (event) =>
    submitForm(event, "/api/join", { token: linkToken, name: $("join-name").value, email: $("join-email").value, password: $("join-password").value },
      "signin-status"));
  $("sign-out").addEventListener("click", () => signOut("/api/session"));
  $("sign-out-everywhere").addEventListener("click", () => signOut("/api/sessions"));
  $("export-all").addEventListener("click", async () => {
    try {
      const everything = await api("/api/export");
      download(`starcoach-${account.user.email}.json`, JSON.stringify(everything, null, 2), "application/json");
    } catch (error) {
      showError(error);
    }
  });
  $("delete-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!confirm("Delete your account and everything in it? This cannot be undone.")) return;
    try {
      await api("/api/account", { password: $("delete-password").value }, "DELETE");
      location.hash = "#signin";
      location.reload();
    } catch (error) {
      $("account-status").textContent = error.message;
    }
  });
}
