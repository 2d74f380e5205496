#pragma once
// Suspends the calling coroutine on its own event loop (a timer, not a blocked thread).
#include <chrono>

#include "async/task.h"

namespace tw {

Task<void> sleep_for(std::chrono::milliseconds duration);

}  // namespace tw
