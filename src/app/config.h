#pragma once
// Configuration from flags and TICKETWAR_* environment variables (flags win). Every option is
// listed by `ticketwar --help`, generated from the same table that parses it.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/result.h"
#include "http/address_range.h"

namespace tw::app {

// Where consumers read the event log: the outbox in the database, or the Redis streams a relay
// copies it to (cluster mode). kAuto: the streams when the inventory is in Redis.
enum class EventLogPlace { kAuto, kOutbox, kRedisStreams };

enum class Command { kServe, kMigrate, kSeed, kAdmin, kBenchUsers, kEvents, kBackup, kRestore, kVersion, kHelp };

struct Config {
  Command command = Command::kServe;
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;
  std::string data_dir = "./var";
  // sqlite:PATH or postgresql://user@host:port/db (libpq URI); empty: sqlite:DATA_DIR/ticketwar.db
  std::string database;
  int database_connections = 8;  // PostgreSQL connection pool size per process
  // Where seat state lives: "memory" (this process alone) or redis://host:port/db?prefix=name,
  // shared by every instance of a cluster.
  std::string inventory = "memory";
  int threads = 0;  // 0 = one per core
  int workers = 4;  // blocking-work pool (database, password hashing)
  bool dev = false;
  bool seed = true;  // seed demo data into an empty database on start
  std::string access_log = "stdout";  // stdout | off | a file path
  std::string log_level = "info";     // the application log's lowest level written (async/log.h)
  std::size_t max_body_bytes = 1024 * 1024;
  int request_timeout_ms = 10'000;
  int write_timeout_ms = 10'000;
  int max_connections = 10'000;
  int max_connections_per_address = 1'000;
  int max_streams = 5'000;             // open live-update streams (at most 3/4 of max_connections)
  int max_streams_per_address = 50;
  int client_rate = 200;  // requests per second per client address; bursts of 10x
  std::vector<http::AddressRange> trusted_proxies;
  std::vector<http::AddressRange> metrics_from;  // who may scrape /metrics without the token
  std::string metrics_token;                     // a bearer token for /metrics; empty: none
  int hold_seconds = 600;
  int checkout_grace_ms = 60'000;  // a hold whose payment is in flight is kept at least this long
  int payment_latency_ms = 0;  // simulated payment processor delay
  std::string payment_ledger;  // empty: data_dir/payment-processor.db
  int payment_settle_ms = 120'000;
  bool secure_cookies = false;  // mark cookies Secure (set when serving behind TLS)
  // `admin` subcommand: its words ("create", "set-role EMAIL ROLE") and options.
  std::vector<std::string> admin_words;
  std::string email;
  std::string name;
  std::string role = "admin";
  bool consumers = true;   // run the event log's consumers in this server
  EventLogPlace event_log = EventLogPlace::kAuto;
  int stream_claim_ms = 30'000;  // a stream entry pending this long with a silent server is taken over
  std::string smtp;        // receipts: an SMTP URL; empty: .eml files in data_dir/mail
  std::string mail_from = "tickets@ticketwar.local";
  std::string public_url;  // links in emails; empty: http://host:port
  bool confirmed_email_to_buy = true;  // fans confirm their address (an emailed link) before buying
  std::string wallet_cert;           // Apple Wallet pass certificate (PEM, chain after it); empty: none
  std::string wallet_key;            // its private key (PEM)
  std::string google_wallet_key;     // a Google service account's JSON key; empty: no Google Wallet
  std::string google_wallet_issuer;  // the Google Wallet issuer id
  bool allow_private_webhooks = false;
  int webhook_first_retry_ms = 10'000;
  std::string event_type;  // events tail: only this type (empty: all)
  std::string event_consumer;    // events replay: which consumer
  std::int64_t replay_from = 0;  // events replay: from this sequence
  bool replace = false;          // restore: over a database that holds data

  bool uses_redis_inventory() const { return inventory != "memory"; }
  bool uses_event_streams() const {
    return event_log == EventLogPlace::kRedisStreams || (event_log == EventLogPlace::kAuto && uses_redis_inventory());
  }
  bool uses_postgres() const { return database.starts_with("postgresql://") || database.starts_with("postgres://"); }
  // The SQLite file (when not on PostgreSQL).
  std::string database_path() const {
    return database.starts_with("sqlite:") ? database.substr(7) : data_dir + "/ticketwar.db";
  }
  // What to show people: never a password.
  std::string database_label() const;
  std::string mail_dir() const { return data_dir + "/mail"; }
  // Where fans reach this site, for links in emails and calendar entries.
  std::string site_url() const {
    return public_url.empty() ? "http://" + host + ":" + std::to_string(port) : public_url;
  }
  std::string payment_ledger_path() const {
    return payment_ledger.empty() ? data_dir + "/payment-processor.db" : payment_ledger;
  }
};

using EnvLookup = std::function<const char*(const char*)>;

// Parses argv (without argv[0]) over the environment. Errors are one line, for the user.
core::Result<Config> parse_config(const std::vector<std::string>& args, const EnvLookup& env);
std::string help_text();

}  // namespace tw::app
