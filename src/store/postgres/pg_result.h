#pragma once
// The rows a PostgreSQL statement returned (text format), or why it failed. Owns its PGresult.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

struct pg_result;

namespace tw::store::pg {

struct PgFailure {
  std::string sqlstate;    // e.g. "23505" unique_violation; empty when the connection failed
  std::string constraint;  // the constraint a violation names, if any
  std::string message;
  bool connection_lost = false;
  bool unique_violation() const { return sqlstate == "23505"; }
};

class PgResult {
 public:
  PgResult() = default;
  explicit PgResult(pg_result* r);
  int rows() const;
  bool is_null(int row, int col) const;
  std::string text(int row, int col) const;
  std::int64_t int64(int row, int col) const;
  bool boolean(int row, int col) const;
  // Rows a command changed (UPDATE, DELETE, INSERT).
  std::int64_t changed() const;

 private:
  std::shared_ptr<pg_result> r_;
};

// A statement's outcome: its result, or its failure.
struct PgReply {
  PgResult result;
  std::optional<PgFailure> failure;
  bool ok() const { return !failure; }
};

}  // namespace tw::store::pg
