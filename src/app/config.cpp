#include "app/config.h"

#include <charconv>

#include "async/log.h"
#include "mail/smtp_transport.h"
#include "redis/redis_address.h"

namespace tw::app {
namespace {

using Setter = std::function<core::Status(Config&, std::string_view)>;

struct Option {
  const char* flag;  // without the leading "--"
  const char* env;
  const char* value_name;  // nullptr for a switch
  const char* help;
  Setter set;
};

core::Error bad_value(std::string_view flag, std::string_view value, std::string_view expected) {
  return core::invalid("bad_config", "--" + std::string(flag) + ": '" + std::string(value) + "' is not " +
                                         std::string(expected));
}

template <class T>
Setter number(const char* flag, T Config::*field, long long min, long long max) {
  return [=](Config& c, std::string_view v) -> core::Status {
    long long n = 0;
    const auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (ec != std::errc() || p != v.data() + v.size() || n < min || n > max) {
      return bad_value(flag, v, "a whole number from " + std::to_string(min) + " to " + std::to_string(max));
    }
    c.*field = static_cast<T>(n);
    return core::Ok{};
  };
}

Setter text(std::string Config::*field) {
  return [=](Config& c, std::string_view v) -> core::Status {
    c.*field = std::string(v);
    return core::Ok{};
  };
}

Setter toggle(const char* flag, bool Config::*field) {
  return [=](Config& c, std::string_view v) -> core::Status {
    if (v == "1" || v == "true" || v == "yes" || v == "on") return c.*field = true, core::Status(core::Ok{});
    if (v == "0" || v == "false" || v == "no" || v == "off") return c.*field = false, core::Status(core::Ok{});
    return bad_value(flag, v, "true or false");
  };
}

Setter address_ranges(const char* flag, std::vector<http::AddressRange> Config::*field) {
  return [=](Config& c, std::string_view v) -> core::Status {
    if (v == "none") return c.*field = {}, core::Status(core::Ok{});
    auto ranges = http::AddressRange::parse_list(v);
    if (!ranges) return bad_value(flag, v, "a comma-separated list of addresses or CIDR ranges");
    c.*field = std::move(*ranges);
    return core::Ok{};
  };
}

Setter database_url() {
  return [](Config& c, std::string_view v) -> core::Status {
    const bool sqlite = v.starts_with("sqlite:") && v.size() > 7;
    const bool postgres = v.starts_with("postgresql://") || v.starts_with("postgres://");
    if (!sqlite && !postgres) return bad_value("database", v, "sqlite:PATH or postgresql://user@host:port/db");
    c.database = std::string(v);
    return core::Ok{};
  };
}

Setter inventory_url() {
  return [](Config& c, std::string_view v) -> core::Status {
    if (v != "memory" && !redis::parse_redis_url(v)) {
      return bad_value("inventory", v, "memory or redis://host:port/db[?prefix=name]");
    }
    c.inventory = std::string(v);
    return core::Ok{};
  };
}

Setter event_log_place() {
  return [](Config& c, std::string_view v) -> core::Status {
    if (v == "outbox") c.event_log = EventLogPlace::kOutbox;
    else if (v == "redis") c.event_log = EventLogPlace::kRedisStreams;
    else return bad_value("event-log", v, "outbox or redis");
    return core::Ok{};
  };
}

Setter log_level() {
  return [](Config& c, std::string_view v) -> core::Status {
    if (!parse_log_level(v)) return bad_value("log-level", v, "debug, info, warning or error");
    c.log_level = std::string(v);
    return core::Ok{};
  };
}

Setter smtp_url() {
  return [](Config& c, std::string_view v) -> core::Status {
    if (!mail::is_smtp_url(v)) return bad_value("smtp", v, "smtp://[user:password@]host:port or smtps://…");
    c.smtp = std::string(v);
    return core::Ok{};
  };
}

// Trusted as proxies unless configured otherwise: only a process on this machine can connect
// from there, and nginx in front of TicketWar usually runs on the same machine.
constexpr std::string_view kLoopback = "127.0.0.0/8,::1";

const std::vector<Option>& options() {
  static const std::vector<Option> kOptions = {
      {"host", "TICKETWAR_HOST", "ADDR", "IP address to listen on (default 127.0.0.1)", text(&Config::host)},
      {"port", "TICKETWAR_PORT", "N", "TCP port, 0 for any free one (default 8080)",
       number("port", &Config::port, 0, 65535)},
      {"data-dir", "TICKETWAR_DATA_DIR", "DIR", "where the SQLite database lives (default ./var)",
       text(&Config::data_dir)},
      {"database", "TICKETWAR_DATABASE", "URL",
       "sqlite:PATH or postgresql://user@host:port/db (default sqlite:DATA_DIR/ticketwar.db)",
       database_url()},
      {"database-connections", "TICKETWAR_DATABASE_CONNECTIONS", "N",
       "PostgreSQL connections per process (default 8)",
       number("database-connections", &Config::database_connections, 1, 1000)},
      {"inventory", "TICKETWAR_INVENTORY", "WHERE",
       "where seat holds live: memory (one server alone) or redis://host:port/db[?prefix=name], shared by "
       "every server of a cluster (default memory)",
       inventory_url()},
      {"threads", "TICKETWAR_THREADS", "N", "I/O threads (default: one per core)",
       number("threads", &Config::threads, 1, 256)},
      {"workers", "TICKETWAR_WORKERS", "N", "threads for database and hashing work (default 4)",
       number("workers", &Config::workers, 1, 256)},
      {"dev", "TICKETWAR_DEV", nullptr, "development mode: documented admin password, reset endpoints",
       toggle("dev", &Config::dev)},
      {"seed", "TICKETWAR_SEED", "BOOL", "seed demo events into an empty database on start (default true)",
       toggle("seed", &Config::seed)},
      {"access-log", "TICKETWAR_ACCESS_LOG", "DEST", "stdout, off, or a file path (default stdout)",
       text(&Config::access_log)},
      {"log-level", "TICKETWAR_LOG_LEVEL", "LEVEL",
       "the application log's lowest level written: debug, info, warning or error (default info)", log_level()},
      {"max-body", "TICKETWAR_MAX_BODY", "BYTES", "largest request body accepted (default 1048576)",
       number("max-body", &Config::max_body_bytes, 1024, 64LL * 1024 * 1024)},
      {"request-timeout-ms", "TICKETWAR_REQUEST_TIMEOUT_MS", "MS", "time allowed to send one request (default 10000)",
       number("request-timeout-ms", &Config::request_timeout_ms, 100, 600'000)},
      {"write-timeout-ms", "TICKETWAR_WRITE_TIMEOUT_MS", "MS",
       "time a client may take to read each 64 KiB of an answer before it is cut off (default 10000)",
       number("write-timeout-ms", &Config::write_timeout_ms, 100, 600'000)},
      {"max-connections", "TICKETWAR_MAX_CONNECTIONS", "N", "open connections before new ones get 503 (default 10000)",
       number("max-connections", &Config::max_connections, 1, 1'000'000)},
      {"max-connections-per-address", "TICKETWAR_MAX_CONNECTIONS_PER_ADDRESS", "N",
       "open connections one client address may hold, 0 for no limit (default 1000)",
       number("max-connections-per-address", &Config::max_connections_per_address, 0, 1'000'000)},
      {"max-streams", "TICKETWAR_MAX_STREAMS", "N",
       "open live-update streams before new ones get 503, held to 3/4 of max-connections (default 5000)",
       number("max-streams", &Config::max_streams, 1, 1'000'000)},
      {"max-streams-per-address", "TICKETWAR_MAX_STREAMS_PER_ADDRESS", "N",
       "open live-update streams one client address may hold, 0 for no limit (default 50)",
       number("max-streams-per-address", &Config::max_streams_per_address, 0, 1'000'000)},
      {"client-rate", "TICKETWAR_CLIENT_RATE", "N",
       "requests per second one client address may send, in bursts of 10x; 0 for no limit (default 200)",
       number("client-rate", &Config::client_rate, 0, 10'000'000)},
      {"trusted-proxy", "TICKETWAR_TRUSTED_PROXY", "CIDRS",
       "proxies (e.g. nginx) whose X-Forwarded-For names the client, comma-separated, or none "
       "(default 127.0.0.0/8,::1: a proxy on this machine)",
       address_ranges("trusted-proxy", &Config::trusted_proxies)},
      {"metrics-from", "TICKETWAR_METRICS_FROM", "CIDRS",
       "client addresses that may read /metrics, comma-separated, or none (default 127.0.0.0/8,::1)",
       address_ranges("metrics-from", &Config::metrics_from)},
      {"metrics-token", "TICKETWAR_METRICS_TOKEN", "TOKEN",
       "a bearer token that may read /metrics from any address (default: none)", text(&Config::metrics_token)},
      {"hold-seconds", "TICKETWAR_HOLD_SECONDS", "N", "how long a seat hold lasts (default 600)",
       number("hold-seconds", &Config::hold_seconds, 1, 3600)},
      {"checkout-grace-ms", "TICKETWAR_CHECKOUT_GRACE_MS", "MS",
       "a hold whose payment is in flight keeps its seats at least this long, past its time if need be: "
       "longer than the card processor may take to answer (default 60000)",
       number("checkout-grace-ms", &Config::checkout_grace_ms, 1000, 600'000)},
      {"payment-latency-ms", "TICKETWAR_PAYMENT_LATENCY_MS", "MS", "simulated card processing time (default 0)",
       number("payment-latency-ms", &Config::payment_latency_ms, 0, 60'000)},
      {"payment-ledger", "TICKETWAR_PAYMENT_LEDGER", "PATH",
       "the simulated card processor's own ledger (default DATA_DIR/payment-processor.db)",
       text(&Config::payment_ledger)},
      {"payment-settle-ms", "TICKETWAR_PAYMENT_SETTLE_MS", "MS",
       "payments and refunds left open this long are settled by the reconciler (default 120000)",
       number("payment-settle-ms", &Config::payment_settle_ms, 1000, 86'400'000)},
      {"secure-cookies", "TICKETWAR_SECURE_COOKIES", nullptr, "mark session cookies Secure (serving over TLS)",
       toggle("secure-cookies", &Config::secure_cookies)},
      {"email", "TICKETWAR_ADMIN_EMAIL", "EMAIL", "admin create: the account's email", text(&Config::email)},
      {"name", "TICKETWAR_ADMIN_NAME", "NAME", "admin create: the account's name", text(&Config::name)},
      {"role", "TICKETWAR_ADMIN_ROLE", "ROLE", "admin create: user, staff or admin (default admin)",
       text(&Config::role)},
      {"consumers", "TICKETWAR_CONSUMERS", "BOOL",
       "run the event log's consumers (audit trail, sales figures, webhooks, receipts) in this server (default true; a cluster "
       "may leave them to some servers)",
       toggle("consumers", &Config::consumers)},
      {"event-log", "TICKETWAR_EVENT_LOG", "WHERE",
       "where consumers read the event log: outbox (the database) or redis (streams the outbox is relayed to, "
       "shared by a cluster's servers; needs --inventory redis://…). Default: redis with a Redis inventory",
       event_log_place()},
      {"stream-claim-ms", "TICKETWAR_STREAM_CLAIM_MS", "MS",
       "with the Redis event log: how long events given to a server that stopped answering wait before another "
       "server takes them over (default 30000)",
       number("stream-claim-ms", &Config::stream_claim_ms, 100, 86'400'000)},
      {"smtp", "TICKETWAR_SMTP", "URL",
       "send receipts through this SMTP server (smtp://[user:password@]host:port); default: write them as "
       ".eml files to DATA_DIR/mail",
       smtp_url()},
      {"mail-from", "TICKETWAR_MAIL_FROM", "ADDRESS", "the sender of receipts (default tickets@ticketwar.local)",
       text(&Config::mail_from)},
      {"public-url", "TICKETWAR_PUBLIC_URL", "URL",
       "where fans reach this site, for links in emails (default http://HOST:PORT)", text(&Config::public_url)},
      {"confirmed-email-to-buy", "TICKETWAR_CONFIRMED_EMAIL_TO_BUY", "BOOL",
       "fans confirm their email address (a link sent at sign-up) before they can buy; they can browse and "
       "hold seats before (default true)",
       toggle("confirmed-email-to-buy", &Config::confirmed_email_to_buy)},
      {"wallet-cert", "TICKETWAR_WALLET_CERT", "FILE",
       "offer Apple Wallet passes signed with this pass certificate (PEM; Apple's WWDR certificate may follow "
       "it in the file); needs --wallet-key",
       text(&Config::wallet_cert)},
      {"wallet-key", "TICKETWAR_WALLET_KEY", "FILE", "the Apple Wallet pass certificate's private key (PEM)",
       text(&Config::wallet_key)},
      {"google-wallet-key", "TICKETWAR_GOOGLE_WALLET_KEY", "FILE",
       "offer \"Save to Google Wallet\" links signed with this service account key (Google's JSON key file); "
       "needs --google-wallet-issuer",
       text(&Config::google_wallet_key)},
      {"google-wallet-issuer", "TICKETWAR_GOOGLE_WALLET_ISSUER", "ID", "the Google Wallet issuer id",
       text(&Config::google_wallet_issuer)},
      {"allow-private-webhooks", "TICKETWAR_ALLOW_PRIVATE_WEBHOOKS", nullptr,
       "let webhooks reach loopback, private and link-local addresses (for tests and closed networks)",
       toggle("allow-private-webhooks", &Config::allow_private_webhooks)},
      {"webhook-first-retry-ms", "TICKETWAR_WEBHOOK_FIRST_RETRY_MS", "MS",
       "wait before a failed webhook delivery is tried again, doubling up to an hour, for a day (default 10000)",
       number("webhook-first-retry-ms", &Config::webhook_first_retry_ms, 100, 3'600'000)},
      {"type", "TICKETWAR_EVENT_TYPE", "TYPE", "events tail: only events of this type (docs/events.md)",
       text(&Config::event_type)},
      {"consumer", "TICKETWAR_EVENT_CONSUMER", "NAME", "events replay: the consumer to feed again",
       text(&Config::event_consumer)},
      {"from", "TICKETWAR_EVENT_FROM", "SEQ", "events replay: the first sequence to feed again",
       number("from", &Config::replay_from, 1, 1LL << 62)},
      {"replace", "TICKETWAR_RESTORE_REPLACE", nullptr, "restore: overwrite a database that holds data",
       toggle("replace", &Config::replace)},
  };
  return kOptions;
}

const Option* find_option(std::string_view flag) {
  for (const auto& o : options()) {
    if (flag == o.flag) return &o;
  }
  return nullptr;
}

core::Status parse_command(Config& c, std::string_view word) {
  if (word == "serve") c.command = Command::kServe;
  else if (word == "migrate") c.command = Command::kMigrate;
  else if (word == "seed") c.command = Command::kSeed;
  else if (word == "admin") c.command = Command::kAdmin;
  else if (word == "bench-users") c.command = Command::kBenchUsers;
  else if (word == "events") c.command = Command::kEvents;
  else if (word == "backup") c.command = Command::kBackup;
  else if (word == "restore") c.command = Command::kRestore;
  else if (word == "version") c.command = Command::kVersion;
  else if (word == "help") c.command = Command::kHelp;
  else return core::invalid("bad_config", "unknown command '" + std::string(word) + "' (try --help)");
  return core::Ok{};
}

core::Status apply_flags(Config& c, const std::vector<std::string>& args) {
  bool have_command = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string_view a = args[i];
    if (a == "--help" || a == "-h") {
      c.command = Command::kHelp;
      continue;
    }
    if (!a.starts_with("--")) {
      if (have_command && (c.command == Command::kAdmin || c.command == Command::kBenchUsers ||
                           c.command == Command::kEvents || c.command == Command::kBackup ||
                           c.command == Command::kRestore)) {
        c.admin_words.emplace_back(a);
        continue;
      }
      if (have_command) return core::invalid("bad_config", "unexpected argument '" + std::string(a) + "'");
      have_command = true;
      if (auto st = parse_command(c, a); !st) return st;
      continue;
    }
    a.remove_prefix(2);
    std::string_view value;
    const auto eq = a.find('=');
    const std::string_view name = a.substr(0, eq);
    const Option* o = find_option(name);
    if (!o) return core::invalid("bad_config", "unknown option --" + std::string(name) + " (try --help)");
    if (eq != std::string_view::npos) {
      value = a.substr(eq + 1);
    } else if (!o->value_name) {
      value = "true";
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      return core::invalid("bad_config", "--" + std::string(name) + " needs a value");
    }
    if (auto st = o->set(c, value); !st) return st;
  }
  return core::Ok{};
}

}  // namespace

// postgresql://user:secret@host/db -> postgresql://user:***@host/db
std::string Config::database_label() const {
  if (!uses_postgres()) return "sqlite:" + database_path();
  const auto scheme = database.find("://") + 3;
  const auto at = database.find('@', scheme);
  const auto colon = database.find(':', scheme);
  if (at == std::string::npos || colon == std::string::npos || colon > at) return database;
  return database.substr(0, colon + 1) + "***" + database.substr(at);
}

core::Result<Config> parse_config(const std::vector<std::string>& args, const EnvLookup& env) {
  Config c;
  c.trusted_proxies = *http::AddressRange::parse_list(kLoopback);
  c.metrics_from = c.trusted_proxies;
  for (const auto& o : options()) {
    if (const char* v = env(o.env); v && *v) {
      if (auto st = o.set(c, v); !st) {
        auto e = st.error();
        e.message = std::string(o.env) + ": " + e.message;
        return e;
      }
    }
  }
  if (auto st = apply_flags(c, args); !st) return st.error();
  if (c.event_log == EventLogPlace::kRedisStreams && !c.uses_redis_inventory()) {
    return core::invalid("bad_config", "--event-log redis relays the log through the inventory's Redis: "
                                       "give --inventory redis://host:port/db too");
  }
  return c;
}

std::string help_text() {
  std::string s =
      "TicketWar - flash-sale ticket booking server\n\n"
      "Usage: ticketwar [COMMAND] [OPTIONS]\n\n"
      "Commands:\n"
      "  serve     run the server (default); migrates and, on an empty database, seeds demo data\n"
      "  migrate   apply database migrations and exit\n"
      "  seed      add the demo events and an admin account if missing, then exit\n"
      "  admin create --email E --name N [--role R]   create an account; password from stdin or generated\n"
      "  admin set-role EMAIL ROLE                    change a role: user, staff or admin\n"
      "  admin rotate-ticket-key                      sign new ticket codes with a new key\n"
      "  bench-users N     create N load-test buyers with sessions; prints one bearer token per line\n"
      "  events tail [--type T]   print the event log's last events, then each new one (one JSON line each)\n"
      "  events replay --consumer NAME --from SEQ\n"
      "                           feed a consumer the log again from SEQ (it acts on each event once)\n"
      "  backup DIR                copy the SQLite database and the payment ledger into a new directory,\n"
      "                            consistently, while servers run (PostgreSQL: pg_dump, docs/operations.md)\n"
      "  restore DIR [--replace]   put a backup back, with every server on the database stopped\n"
      "  version   print the version\n\n"
      "Options (each also read from the environment variable shown):\n";
  for (const auto& o : options()) {
    std::string left = std::string("  --") + o.flag + (o.value_name ? std::string(" ") + o.value_name : "");
    left.resize(std::max<std::size_t>(left.size() + 1, 28), ' ');
    s += left + o.help + "  [" + o.env + "]\n";
  }
  return s;
}

}  // namespace tw::app
