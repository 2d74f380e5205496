#pragma once
// A ZIP archive made in memory (libzip), as an Apple Wallet pass is shipped.
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"

namespace tw::tickets {

struct ZipEntry {
  std::string name;
  std::string bytes;
};

// The archive's bytes, entries in the order given (deflated). kInternal when libzip fails.
core::Result<std::string> zip_archive(const std::vector<ZipEntry>& entries);

}  // namespace tw::tickets
