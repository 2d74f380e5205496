#pragma once
// Task<T>: what every asynchronous port method returns. It is Asio's coroutine type, so an
// adapter may await real network I/O (Redis, PostgreSQL) or hand blocking work to a pool,
// and callers on an I/O thread never block either way.
#include <boost/asio/awaitable.hpp>

namespace tw {

template <class T>
using Task = boost::asio::awaitable<T>;

}  // namespace tw
