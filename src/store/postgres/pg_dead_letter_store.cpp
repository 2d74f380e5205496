// DeadLetterStore on PostgreSQL.
#include "store/postgres/pg_ports.h"
#include "store/postgres/pg_queries.h"
#include "store/postgres/pg_rows.h"

namespace tw::store::pg {
using core::Result;

namespace {

DeadLetter read_dead_letter(const PgResult& r, int i) {
  auto state = parse_dead_letter_state(r.text(i, 8));
  if (!state) throw UnknownState{unknown_state("dead_letters", r.text(i, 8))};
  return DeadLetter{r.int64(i, 0), r.text(i, 1), r.int64(i, 2), r.text(i, 3), r.text(i, 4), r.text(i, 5),
                    r.text(i, 6), static_cast<int>(r.int64(i, 7)), *state, r.int64(i, 9), r.int64(i, 10)};
}

Result<std::vector<DeadLetter>> letters_of(const PgResult& r) {
  return reading<std::vector<DeadLetter>>([&] {
    std::vector<DeadLetter> out;
    for (int i = 0; i < r.rows(); ++i) out.push_back(read_dead_letter(r, i));
    return out;
  });
}

class PgDeadLetterStore final : public DeadLetterStore {
 public:
  explicit PgDeadLetterStore(PgDatabase& db) : db_(db) {}

  Task<Result<DeadLetter>> add_dead_letter(DeadLetter d) override {
    Params args{d.consumer, arg(d.sequence), d.event_id, d.type, d.payload, d.last_error, arg(d.attempts),
                arg(state_name(d.state)), arg(d.created_at_ms)};
    if (auto n = co_await change_once(db_, sql::kInsertDeadLetter, std::move(args)); !n) co_return n.error();
    Params key{d.consumer, d.event_id};
    auto r = co_await query_once(db_, sql::kDeadLetterByEvent, std::move(key));
    if (!r) co_return r.error();
    auto stored = letters_of(*r);
    if (!stored) co_return stored.error();
    if (stored->empty()) co_return core::internal("dead letter not stored");
    co_return stored->front();
  }

  Task<Result<std::vector<DeadLetter>>> dead_letters(DeadLetterQuery q) override {
    Params args{q.state ? arg(state_name(*q.state)) : std::nullopt, q.consumer, arg(q.limit)};
    auto r = co_await query_once(db_, sql::kListDeadLetters, std::move(args));
    if (!r) co_return r.error();
    co_return letters_of(*r);
  }

  Task<Result<std::optional<DeadLetter>>> find_dead_letter(std::int64_t id) override {
    Params args{arg(id)};
    auto r = co_await query_once(db_, sql::kFindDeadLetter, std::move(args));
    if (!r) co_return r.error();
    auto found = letters_of(*r);
    if (!found) co_return found.error();
    if (found->empty()) co_return std::optional<DeadLetter>();
    co_return std::optional<DeadLetter>(found->front());
  }

  Task<core::Status> update_dead_letter(DeadLetter d) override {
    Params args{arg(d.id), arg(state_name(d.state)), arg(d.attempts), d.last_error, arg(d.updated_at_ms)};
    auto n = co_await change_once(db_, sql::kUpdateDeadLetter, std::move(args));
    if (!n) co_return n.error();
    if (*n == 0) co_return core::not_found("dead_letter_not_found", "No such dead letter");
    co_return core::Ok{};
  }

  Task<Result<std::vector<std::pair<std::string, int>>>> open_dead_letters() override {
    auto r = co_await query_once(db_, sql::kOpenDeadLetters, {});
    if (!r) co_return r.error();
    std::vector<std::pair<std::string, int>> out;
    for (int i = 0; i < r->rows(); ++i) out.emplace_back(r->text(i, 0), static_cast<int>(r->int64(i, 1)));
    co_return out;
  }

 private:
  PgDatabase& db_;
};

}  // namespace

std::unique_ptr<DeadLetterStore> make_pg_dead_letter_store(PgDatabase& db) {
  return std::make_unique<PgDeadLetterStore>(db);
}

}  // namespace tw::store::pg
