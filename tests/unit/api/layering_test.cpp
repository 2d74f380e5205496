// The layers depend one way (docs/architecture.md, "Layers"): the test reads the layer table of
// the architecture doc and checks every include of every folder against it, so the doc and the
// code cannot drift apart; and routes reach durable state only through services, so no file of
// src/api includes a store header.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <cctype>
#include <string_view>
#include <vector>
#include <set>
#include <sstream>
#include <string>

namespace tw::api {
namespace {

namespace fs = std::filesystem;

// The leading word of `s` (letters, digits, _), past any spaces.
std::string leading_word(std::string_view s) {
  const auto from = s.find_first_not_of(' ');
  if (from == std::string_view::npos) return {};
  s.remove_prefix(from);
  std::size_t n = 0;
  while (n < s.size() && (std::isalnum(static_cast<unsigned char>(s[n])) || s[n] == '_')) ++n;
  return std::string(s.substr(0, n));
}

// folder -> the folders its "depends on" cell names; a folder that may use "everything" (the
// composition root) has no entry. Rows read: | `src/X` | `tw_X` | what | depends on |
std::map<std::string, std::set<std::string>> layer_table() {
  std::ifstream in(TW_SOURCE_DIR "/docs/architecture.md");
  std::map<std::string, std::set<std::string>> out;
  for (std::string line; std::getline(in, line);) {
    if (!line.starts_with("| `src/")) continue;
    const auto folder = leading_word(std::string_view(line).substr(7));
    std::vector<std::string> cells;
    std::stringstream row(line);
    for (std::string cell; std::getline(row, cell, '|');) cells.push_back(cell);
    if (cells.size() < 5 || cells.back().find("everything") != std::string::npos) continue;
    auto& allowed = out[folder];
    std::stringstream items(cells.back());
    for (std::string item; std::getline(items, item, ',');) allowed.insert(leading_word(item));
  }
  return out;
}

// The top folder an `#include "folder/…"` line names, or "" for any other line.
std::string included_folder(const std::string& line) {
  constexpr std::string_view kInclude = "#include \"";
  if (!line.starts_with(kInclude)) return {};
  const auto slash = line.find('/', kInclude.size());
  return slash == std::string::npos ? std::string() : line.substr(kInclude.size(), slash - kInclude.size());
}

}  // namespace

TEST(Layering, EveryFolderIncludesOnlyWhatTheLayerTableAllows) {
  const auto table = layer_table();
  ASSERT_GE(table.size(), 14u) << "the layer table of docs/architecture.md was not found";
  std::set<std::string> folders;
  for (const auto& entry : fs::directory_iterator(TW_SOURCE_DIR "/src")) {
    if (entry.is_directory()) folders.insert(entry.path().filename());
  }
  int checked = 0;
  for (const auto& [folder, deps] : table) {
    for (const auto& entry : fs::recursive_directory_iterator(TW_SOURCE_DIR "/src/" + folder)) {
      if (!entry.is_regular_file()) continue;
      std::ifstream in(entry.path());
      std::string line;
      for (int n = 1; std::getline(in, line); ++n) {
        const auto to = included_folder(line);
        if (!folders.contains(to)) continue;
        ++checked;
        EXPECT_TRUE(to == folder || to == "core" || to == "async" || deps.contains(to))
            << fs::relative(entry.path(), TW_SOURCE_DIR).string() << ":" << n << ": " << folder
            << " includes " << to << ", which its row of the layer table does not list";
      }
    }
  }
  EXPECT_GT(checked, 300);
}

TEST(Layering, TheApiIncludesNoStoreHeader) {
  int files = 0;
  for (const auto& entry : fs::directory_iterator(TW_SOURCE_DIR "/src/api")) {
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

// The domain's records (holds, orders, tickets, their states) are core's words: code above the
// store names only the store's interfaces (…Store), never a type or function of the store's own.
TEST(Layering, TheApiEventsAndWebhooksNameNoStoreTypeButItsInterfaces) {
  int names = 0;
  for (const char* folder : {"/src/api", "/src/events", "/src/webhooks"}) {
    for (const auto& entry : fs::directory_iterator(std::string(TW_SOURCE_DIR) + folder)) {
      std::ifstream in(entry.path());
      std::string line;
      for (int n = 1; std::getline(in, line); ++n) {
        for (auto at = line.find("store::"); at != std::string::npos; at = line.find("store::", at + 1)) {
          const auto name = leading_word(std::string_view(line).substr(at + 7));
          ++names;
          EXPECT_TRUE(name.ends_with("Store"))
              << fs::relative(entry.path(), TW_SOURCE_DIR).string() << ":" << n << " names store::" << name
              << "; the domain's records live in src/core (core::" << name << ")";
        }
      }
    }
  }
  EXPECT_GT(names, 5);  // the interfaces themselves are named, so the scan did read the files
}

// Booking is the hold use cases only; the inventory's life and the payment-time seat steps are
// the SeatKeeper's, which checkout, payments and the live seat feed depend on instead.
TEST(Layering, BookingKeepsToHoldsAndThePaymentSideDoesNotNeedIt) {
  for (const char* header : {"checkout.h", "payments.h", "seat_feed.h", "ticket_desk.h", "waiting_room.h"}) {
    std::ifstream in(std::string(TW_SOURCE_DIR "/src/services/") + header);
    ASSERT_TRUE(in) << header;
    for (std::string line; std::getline(in, line);) {
      EXPECT_EQ(line.find("services/booking.h"), std::string::npos) << header << ": " << line;
    }
  }
  std::ifstream in(TW_SOURCE_DIR "/src/services/booking.h");
  bool in_public = false;
  int methods = 0;
  for (std::string line; std::getline(in, line);) {
    if (line == "class Booking {") continue;
    if (line == " public:") in_public = true;
    if (line == " private:") break;
    // A declaration starts at two spaces of indent; its continuation lines are indented further.
    const bool starts = line.size() > 2 && line.starts_with("  ") && line[2] != ' ' && line[2] != '/';
    if (in_public && starts && line.find('(') != std::string::npos && !line.starts_with("  Booking(")) ++methods;
  }
  EXPECT_GT(methods, 0) << "booking.h was not read";
  EXPECT_LE(methods, 10) << "Booking has " << methods << " public methods";
}

}  // namespace tw::api
