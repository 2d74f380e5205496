#include "support/postgres_instance.h"

#include <libpq-fe.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "support/server_process.h"

namespace tw::testing {
namespace fs = std::filesystem;

bool on_postgres() {
  const char* v = std::getenv("TW_TEST_DATABASE");
  return v && std::string(v) == "postgres";
}

namespace {

// The newest installed PostgreSQL server programs (Debian: /usr/lib/postgresql/<major>/bin).
std::string server_bin() {
  std::string best;
  for (const auto& e : fs::directory_iterator("/usr/lib/postgresql")) {
    const auto bin = e.path() / "bin";
    if (fs::exists(bin / "pg_ctl") && bin.string() > best) best = bin.string();
  }
  if (best.empty()) throw std::runtime_error("PostgreSQL server programs not found (install postgresql)");
  return best;
}

void sql(const std::string& url, const std::string& statement) {
  PGconn* c = PQconnectdb(url.c_str());
  if (PQstatus(c) != CONNECTION_OK) {
    std::string why = PQerrorMessage(c);
    PQfinish(c);
    throw std::runtime_error("cannot reach the test PostgreSQL: " + why);
  }
  PGresult* r = PQexec(c, statement.c_str());
  const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
  std::string why = ok ? "" : PQresultErrorMessage(r);
  PQclear(r);
  PQfinish(c);
  if (!ok) throw std::runtime_error(statement + ": " + why);
}

}  // namespace

PostgresInstance& PostgresInstance::shared() {
  static PostgresInstance instance = [] {
    const char* existing = std::getenv("TW_TEST_POSTGRES");
    return existing && *existing ? PostgresInstance(std::string(existing)) : PostgresInstance();
  }();
  return instance;
}

PostgresInstance::PostgresInstance(std::string existing)
    : bin_(server_bin()), dir_(std::move(existing)), running_(true), owned_(false) {}

PostgresInstance::PostgresInstance() : bin_(server_bin()), dir_(make_temp_dir()) {
  if (::geteuid() == 0) {
    // PostgreSQL will not run as root: the data belongs to `nobody`, and so does the server.
    if (std::system(("chown nobody '" + dir_ + "'").c_str()) != 0) throw std::runtime_error("chown failed");
    as_ = "setpriv --reuid=nobody --regid=nogroup --clear-groups ";
  }
  const std::string init = as_ + bin_ + "/initdb -D '" + dir_ + "/data' -A trust -U postgres --no-sync -E UTF8" +
                           " --locale=C > '" + dir_ + "/initdb.log' 2>&1";
  if (std::system(init.c_str()) != 0) throw std::runtime_error("initdb failed: " + read_file(dir_ + "/initdb.log"));
  start();
}

PostgresInstance::~PostgresInstance() {
  if (!owned_) return;
  stop();
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

std::string PostgresInstance::pg_ctl(const std::string& args) const {
  return as_ + bin_ + "/pg_ctl -D '" + dir_ + "/data' " + args + " >> '" + dir_ + "/pg_ctl.log' 2>&1";
}

void PostgresInstance::start() {
  // Unix socket only, in our own directory; fsync off: the tests crash TicketWar, not the machine.
  const std::string options = "-c listen_addresses='' -k " + dir_ + " -c fsync=off -c max_connections=300";
  if (std::system(pg_ctl("-w -t 60 -l '" + dir_ + "/server.log' -o \"" + options + "\" start").c_str()) != 0) {
    throw std::runtime_error("PostgreSQL did not start: " + read_file(dir_ + "/server.log"));
  }
  running_ = true;
}

void PostgresInstance::stop() {
  if (!running_) return;
  (void)std::system(pg_ctl("-w -m immediate stop").c_str());
  running_ = false;
}

void PostgresInstance::freeze(bool frozen) {
  std::ifstream pid_file(dir_ + "/data/postmaster.pid");
  std::string pid;
  if (!std::getline(pid_file, pid) || pid.empty()) throw std::runtime_error("no postmaster.pid");
  const std::string sig = frozen ? "STOP" : "CONT";
  // The postmaster and its backends (its children).
  (void)std::system(("kill -" + sig + " " + pid + "; pkill -" + sig + " -P " + pid).c_str());
}

void PostgresInstance::restart(bool fast) {
  if (fast) {
    (void)std::system(pg_ctl("-w -m fast stop").c_str());
    running_ = false;
  } else {
    stop();
  }
  start();
}

std::string PostgresInstance::url(const std::string& database) const {
  return "postgresql://postgres@/" + database + "?host=" + dir_;
}

std::string PostgresInstance::create_database() {
  const std::string name = "t" + std::to_string(::getpid()) + "_" + std::to_string(++databases_);
  sql(url("postgres"), "CREATE DATABASE " + name);
  return url(name);
}

}  // namespace tw::testing
