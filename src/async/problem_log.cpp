#include "async/problem_log.h"

#include <cstdio>
#include <string>

#include "core/utf8.h"

namespace tw {

void log_problem(std::string_view what, const core::Error& e, std::string_view subject) {
  std::string line = "{\"level\":\"error\",\"msg\":" + core::json_quote(what) + ",\"code\":" + core::json_quote(e.code) +
                     ",\"error\":" + core::json_quote(e.message);
  if (!subject.empty()) line += ",\"subject\":" + core::json_quote(subject);
  line += "}\n";
  std::fputs(line.c_str(), stderr);
}

}  // namespace tw
