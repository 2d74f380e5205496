#include "tickets/zip_archive.h"

#include <zip.h>

#include <memory>

namespace tw::tickets {
namespace {

core::Error zip_failure(const char* what) { return core::internal(std::string("Could not build the archive: ") + what); }

// The whole of a finished in-memory source.
core::Result<std::string> read_all(zip_source_t* source) {
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_source_open(source) < 0) return zip_failure("open");
  std::string out;
  if (zip_source_stat(source, &st) == 0 && (st.valid & ZIP_STAT_SIZE)) out.reserve(st.size);
  char buf[16384];
  for (zip_int64_t n; (n = zip_source_read(source, buf, sizeof buf)) > 0;) out.append(buf, static_cast<std::size_t>(n));
  zip_source_close(source);
  return out;
}

}  // namespace

core::Result<std::string> zip_archive(const std::vector<ZipEntry>& entries) {
  zip_error_t error;
  zip_error_init(&error);
  std::unique_ptr<zip_source_t, decltype(&zip_source_free)> target(zip_source_buffer_create(nullptr, 0, 0, &error),
                                                                   &zip_source_free);
  zip_error_fini(&error);
  if (!target) return zip_failure("buffer");
  zip_t* archive = zip_open_from_source(target.get(), ZIP_TRUNCATE, nullptr);
  if (!archive) return zip_failure("open");
  zip_source_keep(target.get());  // the archive's close would free it; its bytes are read after
  for (const auto& e : entries) {
    // The entries' bytes outlive the archive (they are read at zip_close), so no copy is made.
    zip_source_t* data = zip_source_buffer(archive, e.bytes.data(), e.bytes.size(), 0);
    if (!data || zip_file_add(archive, e.name.c_str(), data, ZIP_FL_ENC_UTF_8) < 0) {
      if (data) zip_source_free(data);
      zip_discard(archive);
      return zip_failure("add");
    }
  }
  if (zip_close(archive) < 0) {
    zip_discard(archive);
    return zip_failure("close");
  }
  return read_all(target.get());
}

}  // namespace tw::tickets
