#include "support/database_reader.h"

#include <libpq-fe.h>

#include <list>
#include <stdexcept>

#include "store/sqlite/sqlite_db.h"
#include "support/server_process.h"

namespace tw::testing {

struct DatabaseReader::Impl {
  std::unique_ptr<store::sqlite::Connection> sqlite;
  std::list<std::string> texts;  // statements are cached by the address of their text
  PGconn* pg = nullptr;
  ~Impl() {
    if (pg) PQfinish(pg);
  }
};

DatabaseReader::DatabaseReader(const std::string& data_dir) : impl_(std::make_unique<Impl>()) {
  const auto url = read_file(data_dir + "/test-database-url");
  if (url.empty()) {
    impl_->sqlite = std::make_unique<store::sqlite::Connection>(data_dir + "/ticketwar.db");
    return;
  }
  impl_->pg = PQconnectdb(url.c_str());
  if (PQstatus(impl_->pg) != CONNECTION_OK) throw std::runtime_error(PQerrorMessage(impl_->pg));
}

DatabaseReader::~DatabaseReader() = default;

std::vector<std::vector<std::string>> DatabaseReader::rows(const std::string& sql,
                                                           const std::vector<std::string>& params) {
  std::vector<std::vector<std::string>> out;
  if (impl_->sqlite) {
    std::string text = sql;  // $1 -> ?1
    for (auto& c : text) c = c == '$' ? '?' : c;
    impl_->texts.push_back(std::move(text));
    auto st = impl_->sqlite->prepare(impl_->texts.back().c_str());
    for (std::size_t i = 0; i < params.size(); ++i) st.bind(static_cast<int>(i + 1), params[i]);
    while (st.step()) {
      std::vector<std::string> row;
      for (int c = 0; c < st.columns(); ++c) row.push_back(st.text(c));
      out.push_back(std::move(row));
    }
    return out;
  }
  std::vector<const char*> values;
  for (const auto& p : params) values.push_back(p.c_str());
  PGresult* r = PQexecParams(impl_->pg, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(), nullptr,
                             nullptr, 0);
  if (PQresultStatus(r) != PGRES_TUPLES_OK) {
    std::string why = PQresultErrorMessage(r);
    PQclear(r);
    throw std::runtime_error(sql + ": " + why);
  }
  for (int i = 0; i < PQntuples(r); ++i) {
    std::vector<std::string> row;
    for (int c = 0; c < PQnfields(r); ++c) row.emplace_back(PQgetvalue(r, i, c));
    out.push_back(std::move(row));
  }
  PQclear(r);
  return out;
}

std::int64_t DatabaseReader::number(const std::string& sql, const std::vector<std::string>& params) {
  const auto r = rows(sql, params);
  return r.empty() ? 0 : std::stoll(r[0][0]);
}

}  // namespace tw::testing
