// The layers depend one way (docs/architecture.md): routes reach durable state only through
// services, so no file of src/api includes a store header.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace tw::api {

TEST(Layering, TheApiIncludesNoStoreHeader) {
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(TW_SOURCE_DIR "/src/api")) {
    std::ifstream in(entry.path());
    std::string line;
    for (int n = 1; std::getline(in, line); ++n) {
      EXPECT_EQ(line.rfind("#include \"store/", 0), std::string::npos)
          << entry.path().filename().string() << ":" << n << ": " << line;
    }
    ++files;
  }
  EXPECT_GT(files, 20);
}

}  // namespace tw::api
