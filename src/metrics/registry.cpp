#include "metrics/registry.h"

#include <dirent.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <variant>

namespace tw::metrics {
namespace {

// Label values are escaped as the format asks: backslash, double quote and newline.
void append_escaped(std::string& out, std::string_view v) {
  for (char c : v) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
}

void append_labels(std::string& out, const Labels& labels, std::string_view extra_name = {},
                   std::string_view extra_value = {}) {
  if (labels.empty() && extra_name.empty()) return;
  out += '{';
  bool first = true;
  auto one = [&](std::string_view n, std::string_view v) {
    if (!first) out += ',';
    first = false;
    out += n;
    out += "=\"";
    append_escaped(out, v);
    out += '"';
  };
  for (const auto& [n, v] : labels) one(n, v);
  if (!extra_name.empty()) one(extra_name, extra_value);
  out += '}';
}

void append_number(std::string& out, double v) {
  if (std::isinf(v)) {
    out += v > 0 ? "+Inf" : "-Inf";
    return;
  }
  char buf[40];
  if (v == std::floor(v) && std::fabs(v) < 1e15) {
    std::snprintf(buf, sizeof buf, "%.0f", v);
  } else {
    std::snprintf(buf, sizeof buf, "%.9g", v);
  }
  out += buf;
}

void append_sample(std::string& out, std::string_view name, const Labels& labels, double value,
                   std::string_view extra_name = {}, std::string_view extra_value = {}) {
  out += name;
  append_labels(out, labels, extra_name, extra_value);
  out += ' ';
  append_number(out, value);
  out += '\n';
}

const char* type_name(Type t) {
  switch (t) {
    case Type::kCounter: return "counter";
    case Type::kGauge: return "gauge";
    case Type::kHistogram: return "histogram";
  }
  return "untyped";
}

void append_header(std::string& out, std::string_view name, std::string_view help, Type type) {
  out += "# HELP ";
  out += name;
  out += ' ';
  for (char c : help) out += c == '\n' ? ' ' : c;
  out += "\n# TYPE ";
  out += name;
  out += ' ';
  out += type_name(type);
  out += '\n';
}

void append_histogram(std::string& out, std::string_view name, const Labels& labels, const Histogram& h) {
  const auto counts = h.cumulative();
  const std::string bucket = std::string(name) + "_bucket";
  for (std::size_t i = 0; i < h.bounds().size(); ++i) {
    std::string le;
    append_number(le, h.bounds()[i]);
    append_sample(out, bucket, labels, static_cast<double>(counts[i]), "le", le);
  }
  append_sample(out, bucket, labels, static_cast<double>(counts.back()), "le", "+Inf");
  append_sample(out, std::string(name) + "_sum", labels, h.sum());
  append_sample(out, std::string(name) + "_count", labels, static_cast<double>(counts.back()));
}

}  // namespace

std::size_t this_threads_shard() {
  static std::atomic<std::size_t> next{0};
  thread_local const std::size_t mine = next.fetch_add(1, std::memory_order_relaxed) % kShards;
  return mine;
}

Histogram::Histogram(std::span<const double> bounds) : bounds_(bounds.begin(), bounds.end()) {
  for (auto& shard : shards_) {
    // Padded by a cache line on either side of its own allocation, so no two shards share one.
    const std::size_t n = bounds_.size() + 1 + 16;
    shard.counts.reset(new std::atomic<std::uint64_t>[n]);
    for (std::size_t i = 0; i < n; ++i) shard.counts[i].store(0);
  }
}

void Histogram::observe(double value) {
  const auto at = std::lower_bound(bounds_.begin(), bounds_.end(), value) - bounds_.begin();
  auto& shard = shards_[this_threads_shard()];
  shard.counts[8 + at].fetch_add(1, std::memory_order_relaxed);
  shard.sum_micro.fetch_add(static_cast<std::uint64_t>(std::max(0.0, value) * 1e6), std::memory_order_relaxed);
}

std::vector<std::uint64_t> Histogram::cumulative() const {
  std::vector<std::uint64_t> out(bounds_.size() + 1);
  std::uint64_t running = 0;
  for (std::size_t i = 0; i <= bounds_.size(); ++i) {
    for (const auto& shard : shards_) running += shard.counts[8 + i].load(std::memory_order_relaxed);
    out[i] = running;
  }
  return out;
}

double Histogram::sum() const {
  std::uint64_t micro = 0;
  for (const auto& shard : shards_) micro += shard.sum_micro.load(std::memory_order_relaxed);
  return static_cast<double>(micro) / 1e6;
}

namespace {

// Status -> its slot in StatusCounts, made once.
struct StatusSlots {
  std::uint8_t slot[600];
  StatusSlots() {
    std::fill(std::begin(slot), std::end(slot), static_cast<std::uint8_t>(StatusCounts::kSlots - 1));
    for (std::size_t i = 0; i < std::size(StatusCounts::kStatuses); ++i) {
      slot[StatusCounts::kStatuses[i]] = static_cast<std::uint8_t>(i);
    }
  }
};
const StatusSlots kStatusSlots;

}  // namespace

void StatusCounts::add(int status) {
  const std::size_t slot = status >= 0 && status < 600 ? kStatusSlots.slot[status] : kSlots - 1;
  shards_[this_threads_shard()].counts[slot].fetch_add(1, std::memory_order_relaxed);
}

std::uint64_t StatusCounts::slot_value(std::size_t slot) const {
  std::uint64_t n = 0;
  for (const auto& shard : shards_) n += shard.counts[slot].load(std::memory_order_relaxed);
  return n;
}

struct Registry::Member {
  Labels labels;
  std::variant<Counter, Gauge, Histogram, StatusCounts> metric;
};

struct Registry::Family {
  std::string help;
  Type type;
  std::vector<std::unique_ptr<Member>> members;
};

Registry::Registry() = default;
Registry::~Registry() = default;

template <class M>
M& Registry::find_or_add(std::string_view name, std::string_view help, Type type, Labels labels) {
  std::lock_guard lock(mu_);
  auto it = families_.find(name);
  if (it == families_.end()) {
    it = families_.emplace(std::string(name), std::make_unique<Family>(Family{std::string(help), type, {}})).first;
  }
  for (auto& m : it->second->members) {
    if (m->labels == labels) return std::get<M>(m->metric);
  }
  auto& m = it->second->members.emplace_back(new Member{std::move(labels), {}});
  return m->metric.emplace<M>();
}

Counter& Registry::counter(std::string_view name, std::string_view help, Labels labels) {
  return find_or_add<Counter>(name, help, Type::kCounter, std::move(labels));
}
Gauge& Registry::gauge(std::string_view name, std::string_view help, Labels labels) {
  return find_or_add<Gauge>(name, help, Type::kGauge, std::move(labels));
}
Histogram& Registry::histogram(std::string_view name, std::string_view help, Labels labels) {
  return find_or_add<Histogram>(name, help, Type::kHistogram, std::move(labels));
}
StatusCounts& Registry::status_counts(std::string_view name, std::string_view help, Labels labels) {
  return find_or_add<StatusCounts>(name, help, Type::kCounter, std::move(labels));
}

std::string Registry::text() const {
  std::string out;
  std::lock_guard lock(mu_);
  for (const auto& [name, family] : families_) {
    append_header(out, name, family->help, family->type);
    for (const auto& m : family->members) {
      std::visit(
          [&](const auto& metric) {
            using M = std::decay_t<decltype(metric)>;
            if constexpr (std::is_same_v<M, Counter> || std::is_same_v<M, Gauge>) {
              append_sample(out, name, m->labels, static_cast<double>(metric.value()));
            } else if constexpr (std::is_same_v<M, Histogram>) {
              // A route or pool never used yet would be 17 lines of zeros each.
              if (metric.cumulative().back() > 0) append_histogram(out, name, m->labels, metric);
            } else {
              for (std::size_t slot = 0; slot < StatusCounts::kSlots; ++slot) {
                if (auto n = metric.slot_value(slot)) {
                  const bool known = slot < std::size(StatusCounts::kStatuses);
                  append_sample(out, name, m->labels, static_cast<double>(n), "status",
                                known ? std::to_string(StatusCounts::kStatuses[slot]) : std::string("other"));
                }
              }
            }
          },
          m->metric);
    }
  }
  return out;
}

Registry& registry() {
  static Registry r;
  return r;
}

void write_family(std::string& out, std::string_view name, std::string_view help, Type type,
                  const std::vector<Sample>& samples) {
  append_header(out, name, help, type);
  for (const auto& s : samples) append_sample(out, name, s.labels, s.value);
}

namespace {

double process_start_seconds() {
  std::ifstream stat("/proc/self/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  const auto close = text.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream rest(text.substr(close + 2));
  std::string field;
  // Fields after the command: state is field 3; starttime (clock ticks after boot) is field 22.
  for (int i = 3; i < 22 && rest >> field;) ++i;
  double ticks = 0;
  rest >> ticks;
  std::ifstream uptime_file("/proc/uptime");
  double uptime = 0;
  uptime_file >> uptime;
  const double hz = static_cast<double>(::sysconf(_SC_CLK_TCK));
  const double boot = static_cast<double>(std::time(nullptr)) - uptime;
  return boot + ticks / hz;
}

int open_files() {
  int n = 0;
  if (DIR* d = ::opendir("/proc/self/fd")) {
    while (const auto* e = ::readdir(d)) n += e->d_name[0] != '.';
    ::closedir(d);
    --n;  // the directory's own descriptor
  }
  return n;
}

}  // namespace

void write_process_metrics(std::string& out) {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  const double cpu = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                     static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  long pages = 0, resident = 0;
  if (std::FILE* f = std::fopen("/proc/self/statm", "r")) {
    if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
    std::fclose(f);
  }
  rlimit files{};
  ::getrlimit(RLIMIT_NOFILE, &files);
  const double page = static_cast<double>(::sysconf(_SC_PAGESIZE));
  write_family(out, "process_cpu_seconds_total", "User and system CPU time spent, in seconds.", Type::kCounter,
               {{{}, cpu}});
  write_family(out, "process_resident_memory_bytes", "Resident memory size, in bytes.", Type::kGauge,
               {{{}, static_cast<double>(resident) * page}});
  write_family(out, "process_virtual_memory_bytes", "Virtual memory size, in bytes.", Type::kGauge,
               {{{}, static_cast<double>(pages) * page}});
  write_family(out, "process_open_fds", "Open file descriptors.", Type::kGauge, {{{}, double(open_files())}});
  write_family(out, "process_max_fds", "The most file descriptors the process may open.", Type::kGauge,
               {{{}, static_cast<double>(files.rlim_cur)}});
  write_family(out, "process_start_time_seconds", "When the process started, in seconds since the Unix epoch.",
               Type::kGauge, {{{}, process_start_seconds()}});
}

}  // namespace tw::metrics
