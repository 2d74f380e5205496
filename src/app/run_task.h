#pragma once
// Runs one Task to completion on a private event loop: for start-up work and command-line
// subcommands, which have no server loop yet.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <optional>

#include "async/task.h"

namespace tw::app {

template <class T>
T run_task(Task<T> task) {
  boost::asio::io_context ioc;
  // co_spawn wants a default-constructible result; Result<T> is not, an optional is.
  auto wrapped = [](Task<T> t) -> Task<std::optional<T>> { co_return co_await std::move(t); };
  auto future = boost::asio::co_spawn(ioc, wrapped(std::move(task)), boost::asio::use_future);
  ioc.run();
  return *future.get();
}

inline void run_task(Task<void> task) {
  boost::asio::io_context ioc;
  auto future = boost::asio::co_spawn(ioc, std::move(task), boost::asio::use_future);
  ioc.run();
  future.get();
}

}  // namespace tw::app
