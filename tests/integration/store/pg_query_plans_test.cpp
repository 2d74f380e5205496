// PostgreSQL's plans for the searches narrowed to one show or one account, and the reconciler's
// look-up of a payment's refunds: each must seek its key in an index. The adapter prepares its
// statements, and PostgreSQL may then plan one once for every value (a generic plan), where
// "$1 = 0 OR event_id = $1" can only be a walk of the whole table (in the order of its primary
// key, filtering every row); so the generic plan is the one checked, with sequential scans priced
// out so that the plans of these small tables are the ones a big table would get.
#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <memory>
#include <string>

#include "app/run_task.h"
#include "core/clock.h"
#include "store/postgres/pg_queries.h"
#include "store/postgres/pg_stores.h"
#include "support/postgres_instance.h"

namespace tw::store {
namespace {

struct PgConnectionCloser {
  void operator()(PGconn* c) const { PQfinish(c); }
};

// The text of every row `sql` answers, one line each; a failure's message instead.
std::string run(PGconn* c, const std::string& sql) {
  PGresult* r = PQexec(c, sql.c_str());
  std::string out;
  if (PQresultStatus(r) == PGRES_TUPLES_OK) {
    for (int i = 0; i < PQntuples(r); ++i) out += std::string(PQgetvalue(r, i, 0)) + "\n";
  } else if (PQresultStatus(r) != PGRES_COMMAND_OK) {
    out = "failed: " + std::string(PQresultErrorMessage(r));
  }
  PQclear(r);
  return out;
}

TEST(PostgresQueryPlans, SearchesOfOneShowOrAccountReadThroughItsIndex) {
  if (!testing::on_postgres()) GTEST_SKIP() << "PostgreSQL's query planner";
  const auto url = testing::PostgresInstance::shared().create_database();
  {
    core::SystemClock clock;
    auto stores = open_postgres(url, clock, 1);
    ASSERT_TRUE(stores.ok());
    ASSERT_TRUE(app::run_task(stores->database->migrate()).ok());
  }
  std::unique_ptr<PGconn, PgConnectionCloser> c(PQconnectdb(url.c_str()));
  ASSERT_EQ(PQstatus(c.get()), CONNECTION_OK) << PQerrorMessage(c.get());
  ASSERT_EQ(run(c.get(), "SET plan_cache_mode = force_generic_plan; SET enable_seqscan = off"), "");
  // Each statement with the values of a search narrowed to show 7 or account 3, and the key its
  // plan must seek.
  const struct {
    const char* name;
    const char* sql;
    const char* values;
    const char* seek;
  } narrowed[] = {
      {"audit_of_event", pg::sql::kAuditEntriesOfEvent, "(7, '', 0, 0, 0, 0, 50)", "Index Cond: (event_id = $1)"},
      {"audit_of_user", pg::sql::kAuditEntriesOfUser, "(0, '', 3, 0, 0, 0, 50)", "Index Cond: (user_id = $3)"},
      {"sold_of_event", pg::sql::kFindSoldTicketsOfEvent, "(7, '', '%', 50)", "Index Cond: (event_id = $1)"},
      {"unsettled", pg::sql::kUnsettledPayments, "(1000, 10)", "Index Cond: (payment_id = payments.id)"},
      {"active_holds", pg::sql::kActiveHolds, "", "Index Cond: ((event_id = e.id)"},
      {"active_holds_of_event", pg::sql::kActiveHoldsOfEvent, "(7)", "Index Cond: ((event_id = $1)"},
  };
  for (const auto& s : narrowed) {
    ASSERT_EQ(run(c.get(), std::string("PREPARE ") + s.name + " AS " + s.sql), "") << s.name;
    const auto plan = run(c.get(), std::string("EXPLAIN EXECUTE ") + s.name + s.values);
    EXPECT_NE(plan.find(s.seek), std::string::npos) << s.name << " does not seek its key:\n" << plan;
    EXPECT_EQ(plan.find("Seq Scan"), std::string::npos) << s.name << " reads a whole table:\n" << plan;
  }
}

}  // namespace
}  // namespace tw::store
