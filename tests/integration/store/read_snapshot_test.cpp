// ReadSnapshot on a real SQLite file: reads inside it see one moment of the database, however
// many writes commit meanwhile; the next reads after it see them.
#include <gtest/gtest.h>

#include <filesystem>

#include "store/sqlite/sqlite_db.h"

namespace tw::store::sqlite {
namespace {

std::int64_t rows(Connection& c) {
  auto s = c.prepare("SELECT count(*) FROM t");
  EXPECT_TRUE(s.step());
  return s.int64(0);
}

void add_row(Connection& c) { c.prepare("INSERT INTO t DEFAULT VALUES").run(); }

TEST(ReadSnapshot, ReadsInsideItSeeOneMomentAndLaterReadsSeeWhatCommittedMeanwhile) {
  const auto path = std::filesystem::temp_directory_path() / "tw-read-snapshot-test.db";
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
  Connection writer(path.string()), reader(path.string());
  writer.exec("CREATE TABLE t (k INTEGER PRIMARY KEY)");
  add_row(writer);
  {
    ReadSnapshot snapshot(reader);
    EXPECT_TRUE(reader.in_transaction());
    EXPECT_EQ(rows(reader), 1);
    add_row(writer);
    add_row(writer);
    EXPECT_EQ(rows(reader), 1) << "a read in the snapshot saw a later commit";
  }
  EXPECT_FALSE(reader.in_transaction());
  EXPECT_EQ(rows(reader), 3);
  add_row(writer);
  EXPECT_EQ(rows(reader), 4) << "each read outside a snapshot sees the latest commit";
}

TEST(ReadSnapshot, InsideATransactionItLeavesTheTransactionAlone) {
  const auto path = std::filesystem::temp_directory_path() / "tw-read-snapshot-nested-test.db";
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
  Connection c(path.string());
  c.exec("CREATE TABLE t (k INTEGER PRIMARY KEY)");
  Transaction tx(c);
  add_row(c);
  { ReadSnapshot snapshot(c); }
  EXPECT_TRUE(c.in_transaction()) << "the snapshot ended the caller's transaction";
  tx.commit();
  EXPECT_EQ(rows(c), 1);
}

}  // namespace
}  // namespace tw::store::sqlite
