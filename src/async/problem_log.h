#pragma once
// Problems a service handles but an operator should hear of (an inventory update that failed
// after the database committed, a refund the processor refused): one JSON line on stderr.
#include <string_view>

#include "core/error.h"

namespace tw {

void log_problem(std::string_view what, const core::Error& e, std::string_view subject = {});

}  // namespace tw
