// `ticketwar backup` while a sale goes on, and `ticketwar restore` into a server that then
// serves everything sold before the backup (issue 35): the real binary on real SQLite files.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <mutex>
#include <thread>

#include "support/api_client.h"
#include "support/server_process.h"

namespace tw::testing {
namespace {

constexpr const char* kBackupEvent = "taylor-swift-eras";

std::string seat(int i) { return "STD-H-" + std::to_string(i); }

std::vector<std::string> ticket_ids(std::uint16_t port, const TestUser& u) {
  std::vector<std::string> ids;
  const auto list = http_get(port, "/api/tickets", bearer(u)).json();
  for (const auto& t : list.at("tickets").as_array()) {
    ids.emplace_back(t.at("id").as_string());
  }
  return ids;
}

bool lists(const std::vector<std::string>& ids, const std::string& id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

}  // namespace

TEST(Backup, TakenDuringASaleRestoresEveryTicketSoldBeforeIt) {
  const std::string backup_dir = make_temp_dir() + "/backup";
  std::vector<std::pair<TestUser, std::string>> before;  // buyer, ticket
  std::vector<std::string> before_seats;
  std::string restored_dir;
  {
    ServerProcess server;
    for (int i = 0; i < 3; ++i) {
      auto fan = sign_up(server.port(), "before");
      for (int k = 0; k < 2; ++k) {
        const int n = 1 + i * 2 + k;
        before.emplace_back(fan, buy_ticket(server.port(), fan, kBackupEvent, seat(n)));
        before_seats.push_back(seat(n));
      }
    }
    // The sale goes on while the backup is taken.
    std::atomic<bool> stop{false};
    std::atomic<int> sold_during{0};
    std::thread sale([&] {
      auto fan = sign_up(server.port(), "during");
      for (int n = 10; n < 30 && !stop; ++n) {
        if (n % 6 == 0) fan = sign_up(server.port(), "during");
        try {
          buy_ticket(server.port(), fan, kBackupEvent, seat(n));
          ++sold_during;
        } catch (const std::exception&) {
        }
      }
    });
    while (sold_during < 1) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    auto taken = run_binary({"backup", backup_dir, "--data-dir", server.data_dir()});
    stop = true;
    sale.join();
    ASSERT_EQ(taken.exit_code, 0) << taken.err;
    EXPECT_NE(taken.out.find("backed up"), std::string::npos) << taken.out;
    EXPECT_TRUE(std::filesystem::exists(backup_dir + "/ticketwar.db"));
    EXPECT_TRUE(std::filesystem::exists(backup_dir + "/payment-processor.db"));
    EXPECT_TRUE(std::filesystem::exists(backup_dir + "/backup.json"));
    EXPECT_FALSE(std::filesystem::exists(backup_dir + "/ticketwar.db-wal")) << "a backup is one file per database";
  }
  restored_dir = make_temp_dir();
  auto put_back = run_binary({"restore", backup_dir, "--data-dir", restored_dir});
  ASSERT_EQ(put_back.exit_code, 0) << put_back.err;

  ServerProcess restored({"--data-dir", restored_dir});
  EXPECT_EQ(restored.stderr_text().find("seeded"), std::string::npos) << "the restored data is served, not new demo data";
  for (const auto& [fan, ticket] : before) {
    EXPECT_TRUE(lists(ticket_ids(restored.port(), fan), ticket)) << ticket << " sold before the backup is missing";
  }
  // Their seats are sold on the restored server: nobody can hold them again.
  auto other = sign_up(restored.port(), "after");
  for (const auto& s : before_seats) {
    auto r = http_request(restored.port(), "POST", std::string("/api/events/") + kBackupEvent + "/holds", seats_body({s.c_str()}),
                          bearer(other));
    EXPECT_EQ(r.status, 409) << s << ": " << r.body;
  }
  // A seat nobody bought still sells.
  EXPECT_FALSE(buy_ticket(restored.port(), other, kBackupEvent, "STD-J-1").empty());
  std::filesystem::remove_all(std::filesystem::path(backup_dir).parent_path());
}

TEST(Backup, RestoreIsRefusedWhileAServerServesTheDatabase) {
  ServerProcess server;
  const std::string backup_dir = make_temp_dir() + "/backup";
  ASSERT_EQ(run_binary({"backup", backup_dir, "--data-dir", server.data_dir()}).exit_code, 0);
  auto r = run_binary({"restore", backup_dir, "--data-dir", server.data_dir(), "--replace"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("a server is serving"), std::string::npos) << r.err;
  EXPECT_EQ(http_get(server.port(), "/api/ready").status, 200) << "the running server is untouched";
  std::filesystem::remove_all(std::filesystem::path(backup_dir).parent_path());
}

TEST(Backup, RestoreKeepsADatabaseWithDataUnlessAskedToReplaceIt) {
  std::string data_dir;
  const std::string backup_dir = make_temp_dir() + "/backup";
  {
    ServerProcess server;
    data_dir = server.data_dir();
    ASSERT_EQ(run_binary({"backup", backup_dir, "--data-dir", data_dir}).exit_code, 0);
    setenv("TW_KEEP_TEST_DATA", "1", 1);
  }
  unsetenv("TW_KEEP_TEST_DATA");
  auto kept = run_binary({"restore", backup_dir, "--data-dir", data_dir});
  EXPECT_EQ(kept.exit_code, 1);
  EXPECT_NE(kept.err.find("--replace"), std::string::npos) << kept.err;
  EXPECT_EQ(run_binary({"restore", backup_dir, "--data-dir", data_dir, "--replace"}).exit_code, 0);
  std::filesystem::remove_all(data_dir);
  std::filesystem::remove_all(std::filesystem::path(backup_dir).parent_path());
}

TEST(Backup, SaysWhatIsWrongWithItsArguments) {
  ServerProcess server;
  const std::string dir = make_temp_dir();
  EXPECT_EQ(run_binary({"backup", "--data-dir", server.data_dir()}).exit_code, 2) << "no directory";
  std::filesystem::create_directories(dir + "/full");
  { std::FILE* f = std::fopen((dir + "/full/x").c_str(), "w"); std::fclose(f); }
  auto full = run_binary({"backup", dir + "/full", "--data-dir", server.data_dir()});
  EXPECT_EQ(full.exit_code, 1);
  EXPECT_NE(full.err.find("not empty"), std::string::npos) << full.err;
  auto nothing = run_binary({"restore", dir + "/full", "--data-dir", make_temp_dir()});
  EXPECT_EQ(nothing.exit_code, 1);
  EXPECT_NE(nothing.err.find("holds no backup"), std::string::npos) << nothing.err;
  // Not a TicketWar database: refused before anything is overwritten.
  std::filesystem::create_directories(dir + "/odd");
  std::filesystem::copy_file(server.data_dir() + "/payment-processor.db", dir + "/odd/ticketwar.db");
  auto odd = run_binary({"restore", dir + "/odd", "--data-dir", make_temp_dir()});
  EXPECT_EQ(odd.exit_code, 1);
  EXPECT_NE(odd.err.find("not a TicketWar database"), std::string::npos) << odd.err;
  auto pg = run_binary({"backup", dir + "/pg", "--database", "postgresql://nobody@127.0.0.1:1/x"});
  EXPECT_EQ(pg.exit_code, 2);
  EXPECT_NE(pg.err.find("pg_dump"), std::string::npos) << pg.err;
}

}  // namespace tw::testing
