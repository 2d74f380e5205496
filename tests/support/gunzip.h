#pragma once
// What a browser does with Content-Encoding: gzip, for tests of gzipped answers (unit and
// integration tests both include it).
#include <zlib.h>

#include <string>

namespace tw::testing {

// The text `in` inflates to; "(not a whole gzip stream)" when it does not.
inline std::string gunzip(const std::string& in) {
  z_stream z{};
  if (inflateInit2(&z, 15 + 16) != Z_OK) return "(not a whole gzip stream)";
  std::string out(in.size() * 40 + 1024, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = inflate(&z, Z_FINISH);
  out.resize(z.total_out);
  inflateEnd(&z);
  return rc == Z_STREAM_END ? out : "(not a whole gzip stream)";
}

}  // namespace tw::testing
