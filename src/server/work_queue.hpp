// A fixed set of threads that run CPU-heavy work first come, first served. The HTTP
// server's handlers run on a larger pool; without this, under load many of them would
// analyse at once and the operating system would share the cores unevenly among them,
// so a few requests would wait far longer than the rest.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <future>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace starcoach::server {

class WorkQueue {
 public:
  explicit WorkQueue(unsigned threads) {
    for (unsigned i = 0; i < threads; ++i) workers_.emplace_back([this] { work(); });
  }
  ~WorkQueue() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    ready_.notify_all();
    for (std::thread& worker : workers_) worker.join();
  }
  WorkQueue(const WorkQueue&) = delete;
  WorkQueue& operator=(const WorkQueue&) = delete;

  // A job dropped before it started (abandon()): its caller gets this instead of a result.
  struct Abandoned {};

  // Runs `job` on a worker when its turn comes and returns its result (or rethrows).
  template <typename Job>
  auto run(Job job) -> decltype(job()) {
    return *try_run(std::move(job), static_cast<std::size_t>(-1));
  }

  // The same, unless `most_waiting` jobs already wait for a worker: then nothing (the
  // caller can say "busy, try again" at once instead of piling up).
  template <typename Job>
  auto try_run(Job job, std::size_t most_waiting) -> std::optional<decltype(job())> {
    // The queue shares the task: the caller may wake and return while the worker is
    // still leaving it.
    auto task = std::make_shared<std::packaged_task<decltype(job())()>>(std::move(job));
    auto result = task->get_future();
    {
      std::lock_guard lock(mutex_);
      if (jobs_.size() >= most_waiting) return std::nullopt;
      jobs_.emplace_back([task] { (*task)(); });
    }
    ready_.notify_one();
    try {
      return result.get();
    } catch (const std::future_error&) {
      throw Abandoned{};  // the task was dropped unrun
    }
  }

  // Drops every job that has not started (for shutting down); the running ones finish.
  void abandon() {
    std::deque<std::function<void()>> dropped;
    {
      std::lock_guard lock(mutex_);
      dropped.swap(jobs_);
    }
  }

 private:
  void work() {
    for (;;) {
      std::function<void()> job;
      {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
        if (jobs_.empty()) return;
        job = std::move(jobs_.front());
        jobs_.pop_front();
      }
      job();
    }
  }

  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> jobs_;
  std::vector<std::thread> workers_;
  bool stopping_ = false;
};

}  // namespace starcoach::server
