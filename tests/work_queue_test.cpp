// The server's work queue: jobs run first come, first served, results and exceptions
// come back to the caller, and pending jobs finish before the queue goes away.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

#include "work_queue.hpp"

namespace starcoach::server {
namespace {

TEST(WorkQueue, ReturnsResultsAndRethrowsExceptions) {
  WorkQueue queue(2);
  EXPECT_EQ(queue.run([] { return 6 * 7; }), 42);
  EXPECT_THROW(queue.run([]() -> int { throw std::runtime_error("failed"); }), std::runtime_error);
  EXPECT_EQ(queue.run([] { return std::string("still working"); }), "still working");
}

TEST(WorkQueue, OneWorkerRunsJobsInTheOrderTheyCame) {
  WorkQueue queue(1);
  std::vector<int> order;
  std::atomic<bool> release{false};
  // The first job holds the worker while the others queue up behind it.
  std::thread first([&] { queue.run([&] { while (!release) std::this_thread::yield(); order.push_back(0); return 0; }); });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  std::vector<std::thread> callers;
  for (int i = 1; i <= 5; ++i) {
    callers.emplace_back([&queue, &order, i] { queue.run([&order, i] { order.push_back(i); return i; }); });
    std::this_thread::sleep_for(std::chrono::milliseconds(100));  // so that they arrive in order, even on a busy machine
  }
  release = true;
  first.join();
  for (std::thread& caller : callers) caller.join();
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4, 5}));
}

TEST(WorkQueue, ManyCallersAllGetTheirOwnAnswers) {
  WorkQueue queue(2);
  std::vector<std::thread> callers;
  std::atomic<int> wrong{0};
  for (int i = 0; i < 64; ++i)
    callers.emplace_back([&, i] {
      for (int j = 0; j < 50; ++j)
        if (queue.run([i, j] { return i * 1000 + j; }) != i * 1000 + j) ++wrong;
    });
  for (std::thread& caller : callers) caller.join();
  EXPECT_EQ(wrong, 0);
}

}  // namespace
}  // namespace starcoach::server
