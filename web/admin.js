// The admin's page (coaching mode): the users, a one-time link to set a password (for a
// new user or a forgotten password), invitations, and the audit log of sign-ins and of
// who read what. The admin manages accounts and never reads anyone's practice.
import { $, api, element } from "./shared.js";

function status(text) { $("users-status").textContent = text; }

function showLink(path, what) {
  const field = element("input", { type: "text", readonly: "", value: new URL(path, location.href).href, "aria-label": what });
  $("user-link").replaceChildren(`${what}: `, field);
  $("user-link").hidden = false;
  field.select();
}

const heading = (...names) => element("thead", {}, element("tr", {}, ...names.map((name) => element("th", { scope: "col" }, name))));

export async function loadUsers() {
  const [users, audit] = await Promise.all([api("/api/admin/users"), api("/api/admin/audit?last=100")]);
  $("user-table").replaceChildren(heading("Email", "Name", "Role", "Since", "Password", ""), element("tbody", {}, ...users.map((user) => {
    const link = element("button", { type: "button", className: "secondary" }, "Password link");
    link.addEventListener("click", async () => {
      try {
        showLink((await api("/api/admin/password-links", { user_id: user.id })).path, `Link for ${user.email} to set a password`);
      } catch (error) {
        status(error.message);
      }
    });
    const remove = element("button", { type: "button", className: "secondary" }, "Delete");
    remove.addEventListener("click", async () => {
      if (!confirm(`Delete ${user.email} and everything in their account?`)) return;
      try {
        await api(`/api/admin/users/${user.id}`, undefined, "DELETE");
        await loadUsers();
      } catch (error) {
        status(error.message);
      }
    });
    return element("tr", { dataset: { user: user.id } }, element("td", {}, user.email), element("td", {}, user.name), element("td", {}, user.role),
      element("td", {}, user.created_at.slice(0, 10)), element("td", {}, user.has_password ? "set" : "not yet"), element("td", {}, link, " ", remove));
  })));
  $("audit-table").replaceChildren(heading("When", "Who", "What", "On", "From"), element("tbody", {}, ...audit.map((entry) =>
    element("tr", {}, element("td", {}, entry.at.slice(0, 19).replace("T", " ")), element("td", {}, entry.email || "—"),
      element("td", {}, entry.action), element("td", {}, entry.subject), element("td", {}, entry.address)))));
}

export function startUsers() {
  $("invitation-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const role = $("invitation-role").value;
      showLink((await api("/api/admin/invitations", { role })).path, `Invitation for a new ${role}`);
    } catch (error) {
      status(error.message);
    }
  });
  $("user-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const made = await api("/api/admin/users", { email: $("user-email").value, name: $("user-name").value, role: $("user-role").value });
      showLink(made.path, `Link for ${made.user.email} to set a password`);
      $("user-email").value = "";
      $("user-name").value = "";
      await loadUsers();
    } catch (error) {
      status(error.message);
    }
  });
}
