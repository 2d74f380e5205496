// SQLite's plans for the queries a request or a consumer runs by key: each must find its rows
// through an index, not by reading a whole table that grows with every sale. (An order's
// tickets were read by a scan of every ticket: at 100,000 tickets each receipt and each
// GET /api/orders/{id} read them all.)
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "store/migration.h"
#include "store/sqlite/sqlite_db.h"
#include "store/sqlite/sqlite_queries.h"

namespace tw::store::sqlite {
namespace {

// EXPLAIN QUERY PLAN's steps that read a whole table (or a whole index) rather than a range.
std::vector<std::string> scans(Connection& c, const char* query) {
  auto plan = c.prepare((std::string("EXPLAIN QUERY PLAN ") + query).c_str());
  std::vector<std::string> out;
  while (plan.step()) {
    const auto step = plan.text(3);
    const bool over_a_table = step.starts_with("SCAN ") && !step.starts_with("SCAN (subquery") &&
                              !step.starts_with("SCAN CONSTANT ROW");
    if (over_a_table) out.push_back(step);
  }
  return out;
}

TEST(SqliteQueryPlans, QueriesByKeyReadThroughAnIndex) {
  Connection c(":memory:");
  for (const auto& m : sqlite_migrations()) c.exec(m.sql);
  const std::pair<const char*, const char*> by_key[] = {
      {"kTicketsOfOrder", sql::kTicketsOfOrder},     {"kFindOrder", sql::kFindOrder},
      {"kFindOrderByKey", sql::kFindOrderByKey},     {"kFindHold", sql::kFindHold},
      {"kFindPayment", sql::kFindPayment},           {"kFindPaymentByKey", sql::kFindPaymentByKey},
      {"kFindTicket", sql::kFindTicket},             {"kTicketsOfUser", sql::kTicketsOfUser},
      {"kTicketsOfEvent", sql::kTicketsOfEvent},     {"kFindSession", sql::kFindSession},
      {"kFindUserById", sql::kFindUserById},         {"kFindUserByEmail", sql::kFindUserByEmail},
      {"kFindEventBySlug", sql::kFindEventBySlug},   {"kOutboxAfter", sql::kOutboxAfter},
      {"kMarkHoldSold", sql::kMarkHoldSold},         {"kEndHold", sql::kEndHold},
      {"kCancelTicket", sql::kCancelTicket},         {"kCheckIn", sql::kCheckIn},
      {"kActiveHolds", sql::kActiveHolds},           {"kActiveHoldsOfEvent", sql::kActiveHoldsOfEvent},
  };
  for (const auto& [name, query] : by_key) {
    EXPECT_EQ(scans(c, query), std::vector<std::string>{}) << name << " reads a whole table";
  }
}

// Searches narrowed to one show or one account (an admin's audit trail search, the door staff's
// ticket search) and the payment reconciler's look-up of refunds: each reads that show's or
// account's rows, or one payment's refunds, not every row the trail or the refunds ever kept.
// (The audit trail keeps an entry per seat held: millions after a few sales.)
TEST(SqliteQueryPlans, SearchesOfOneShowOrAccountReadThroughItsIndex) {
  Connection c(":memory:");
  for (const auto& m : sqlite_migrations()) c.exec(m.sql);
  const std::pair<const char*, const char*> narrowed[] = {
      {"kAuditEntriesOfEvent", sql::kAuditEntriesOfEvent},
      {"kAuditEntriesOfUser", sql::kAuditEntriesOfUser},
      {"kFindSoldTicketsOfEvent", sql::kFindSoldTicketsOfEvent},
      {"kUnsettledPayments", sql::kUnsettledPayments},
  };
  for (const auto& [name, query] : narrowed) {
    EXPECT_EQ(scans(c, query), std::vector<std::string>{}) << name << " reads a whole table";
  }
}

}  // namespace
}  // namespace tw::store::sqlite
