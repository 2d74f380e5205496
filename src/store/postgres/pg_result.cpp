#include "store/postgres/pg_result.h"

#include <libpq-fe.h>

#include <charconv>
#include <cstdlib>

namespace tw::store::pg {

PgResult::PgResult(pg_result* r) : r_(r, [](pg_result* p) { PQclear(p); }) {}

int PgResult::rows() const { return r_ ? PQntuples(r_.get()) : 0; }
bool PgResult::is_null(int row, int col) const { return PQgetisnull(r_.get(), row, col) != 0; }

std::string PgResult::text(int row, int col) const {
  return std::string(PQgetvalue(r_.get(), row, col), static_cast<std::size_t>(PQgetlength(r_.get(), row, col)));
}

std::int64_t PgResult::int64(int row, int col) const {
  const char* v = PQgetvalue(r_.get(), row, col);
  std::int64_t out = 0;
  std::from_chars(v, v + PQgetlength(r_.get(), row, col), out);
  return out;
}

bool PgResult::boolean(int row, int col) const { return PQgetvalue(r_.get(), row, col)[0] == 't'; }

std::int64_t PgResult::changed() const {
  if (!r_) return 0;
  const char* n = PQcmdTuples(r_.get());
  return n && *n ? std::strtoll(n, nullptr, 10) : 0;
}

}  // namespace tw::store::pg
