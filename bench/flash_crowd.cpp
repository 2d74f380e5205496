// flash_crowd: a flash sale as fans live it, against a running TicketWar, reported per request
// type. Each fan (one bearer token from `ticketwar bench-users`) reads the seat map (gzip) and
// the availability, holds 1-4 seats side by side (some by best available), and pays with the
// approving card; a share pays with a declined card first (then the good one), a share abandons
// its hold (it expires on the server). A fan whose seats were taken meanwhile reads the
// availability again and tries other seats (three times). Fans come one after another on each of
// `connections` keep-alive connections until the event is sold out, the fans run out or the time
// limit passes. Loopback only (the address is parsed as an IPv4/IPv6 literal).
// With --queue, the sale is behind its waiting room (docs/waiting-room.md): each fan first joins
// (from an address of its own, X-Forwarded-For), asks for its place every --poll-ms until it is
// let in, and then holds and pays with its pass; a fan told the sale is sold out stops there.
//
// Usage: flash_crowd --port P --tokens FILE --event SLUG [--host 127.0.0.1] [--connections 256]
//          [--fans N] [--seconds 120] [--best-share 0.2] [--decline-share 0.05]
//          [--abandon-share 0.05] [--seed 1] [--queue 1] [--poll-ms 500]
// Prints one `key value` line per figure (bench/flash_sale_report reads them).
#include <algorithm>
#include <array>
#include <bit>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <openssl/evp.h>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::awaitable;
using asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

struct Options {
  std::string host = "127.0.0.1";
  unsigned short port = 0;
  std::string tokens_file;
  std::string event;
  int connections = 256;
  long fans = 100'000;
  int seconds = 120;
  double best_share = 0.2;
  double decline_share = 0.05;
  double abandon_share = 0.05;
  unsigned seed = 1;
  bool queue = false;
  int poll_ms = 500;
};

enum Kind { kMap, kSeats, kHold, kBestHold, kCheckout, kJoin, kPlace, kKinds };
constexpr std::array<const char*, kKinds> kKindNames = {"map", "seats", "hold", "best_hold", "checkout", "join", "place"};

// The venue as the fans' client knows it: seat ids and rows, from one read of the seat map.
struct Venue {
  std::vector<std::string> ids;
  std::vector<int> row_start;  // per seat: index of its row's first seat
  std::vector<int> row_end;    // per seat: one past its row's last seat
};

// The availability as a fan's client holds it: the answer's packed states (2 bits a seat, 0 =
// free, 1 = held) and how many are free and held. A pick draws the n-th free seat, counting 32
// seats a word, so reading a 100,000-seat venue costs the client little more than the answer's
// bytes (the load client shares the server's cores; a per-seat list of free seats had made it
// half of its CPU in the 100,000-seat sale, and counting four seats a byte a tenth).
struct Availability {
  std::vector<std::uint8_t> packed;
  std::vector<std::uint64_t> words;  // `packed` again, 32 seats a word
  int count = 0, free = 0, held = 0;
  int state(int seat) const { return (packed[static_cast<std::size_t>(seat / 4)] >> ((seat % 4) * 2)) & 3; }
  int nth_free(int n) const;
};

struct Totals {
  std::array<std::vector<std::uint32_t>, kKinds> micros;  // one sample per answered request
  std::array<long, kKinds> failed{};                      // non-2xx answers (expected ones too)
  long errors = 0;                                        // connection failures
  long fans_done = 0, tickets = 0, holds = 0, lost_races = 0, abandoned = 0, declined = 0;
  long admitted = 0, told_sold_out = 0;
  std::vector<std::uint32_t> queue_wait_ms;  // from joining to being let in, per fan let in
  Clock::time_point first_hold{}, last_ticket{};
  bool sold_out = false;
};

// The answer to one request, or status 0 when the connection failed.
struct Answer {
  unsigned status = 0;
  std::string body;
};

class Fan {
 public:
  Fan(const Options& o, const Venue& v, Totals& t, std::mt19937& rng, tcp::endpoint at, const std::string& token,
      beast::flat_buffer& buffer, long number)
      : o_(o), venue_(v), totals_(t), rng_(rng), at_(at), token_(token), buffer_(buffer), number_(number) {}

  awaitable<void> run(tcp::socket& socket);

 private:
  awaitable<Answer> call(tcp::socket& socket, Kind kind, http::verb verb, const std::string& target,
                         std::string body = {}, std::string idempotency_key = {});
  std::vector<int> pick(const Availability& seats, int count);
  awaitable<bool> pay(tcp::socket& socket, const std::string& hold_id, int seats);
  awaitable<bool> wait_in_line(tcp::socket& socket, const std::string& base);

  const Options& o_;
  const Venue& venue_;
  Totals& totals_;
  std::mt19937& rng_;
  tcp::endpoint at_;
  const std::string& token_;
  beast::flat_buffer& buffer_;  // the connection's: kept from answer to answer
  long number_;                 // which fan: their own address when joining
  std::string pass_;            // the waiting room's pass, once let in
};

// Seats are 2 bits each, 32 to a 64-bit word: a mask of the word's free seats (state 0) and of
// its held ones (state 1), one bit per seat at the seat's low bit, so a popcount counts them.
constexpr std::uint64_t kLowBits = 0x5555555555555555ull;
std::uint64_t free_mask(std::uint64_t w) { return ~(w | (w >> 1)) & kLowBits; }
std::uint64_t held_mask(std::uint64_t w) { return w & ~(w >> 1) & kLowBits; }

// The packed states as whole words, the last one padded with taken seats (state 2).
std::vector<std::uint64_t> as_words(const std::vector<std::uint8_t>& packed) {
  std::vector<std::uint64_t> words((packed.size() + 7) / 8, 0xaaaaaaaaaaaaaaaaull);
  std::memcpy(words.data(), packed.data(), packed.size());  // little-endian: byte 0 is seats 0-3
  return words;
}

int Availability::nth_free(int n) const {
  std::size_t w = 0;
  for (int in_word; n >= (in_word = std::popcount(free_mask(words[w]))); ++w) n -= in_word;
  std::uint64_t mask = free_mask(words[w]);
  for (; n > 0; --n) mask &= mask - 1;  // drop the word's first n free seats
  return static_cast<int>(w * 32 + std::countr_zero(mask) / 2);
}

// OpenSSL's decoder: the 100,000-seat answer is 33 KB of base64, read by every fan, and a
// character-at-a-time loop had been most of the client's own CPU in that sale.
Availability decode_states(std::string_view b64, int count) {
  Availability out;
  out.count = count;
  const std::size_t whole = b64.size() / 4 * 4;  // a well-formed answer has no remainder
  out.packed.resize(whole / 4 * 3);
  const int n = EVP_DecodeBlock(out.packed.data(), reinterpret_cast<const unsigned char*>(b64.data()),
                                static_cast<int>(whole));
  out.packed.resize(n < 0 ? 0 : static_cast<std::size_t>(n));  // garbage: every seat taken
  // A short answer leaves the missing seats taken (state 2); the last byte's padding is not seats.
  out.packed.resize(static_cast<std::size_t>(count + 3) / 4, 0xaa);
  if (count % 4) out.packed.back() |= static_cast<std::uint8_t>(0xaa << (2 * (count % 4)));
  out.words = as_words(out.packed);
  for (auto w : out.words) {
    out.free += std::popcount(free_mask(w));
    out.held += std::popcount(held_mask(w));
  }
  return out;
}

// A string field's value, as a view into the body.
std::string_view field_view(std::string_view body, std::string_view name) {
  std::string key(1, '"');
  key.append(name).append("\":\"");
  const auto at = body.find(key);
  if (at == std::string_view::npos) return {};
  const auto start = at + key.size();
  return body.substr(start, body.find('"', start) - start);
}

std::string field(std::string_view body, std::string_view name) { return std::string(field_view(body, name)); }

awaitable<Answer> Fan::call(tcp::socket& socket, Kind kind, http::verb verb, const std::string& target,
                            std::string body, std::string idempotency_key) {
  http::request<http::string_body> req{verb, target, 11};
  req.set(http::field::host, o_.host);
  req.set(http::field::authorization, "Bearer " + token_);
  if (kind == kMap) req.set(http::field::accept_encoding, "gzip");
  if (!idempotency_key.empty()) req.set("Idempotency-Key", idempotency_key);
  if (!pass_.empty()) req.set("X-Queue-Pass", pass_);
  if (kind == kJoin) {
    req.set("X-Forwarded-For", "10." + std::to_string((number_ >> 16) & 255) + "." + std::to_string((number_ >> 8) & 255) +
                                   "." + std::to_string(number_ & 255));
  }
  if (!body.empty()) {
    req.set(http::field::content_type, "application/json");
    req.body() = std::move(body);
  }
  req.prepare_payload();
  const auto started = Clock::now();
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (!socket.is_open()) {
      auto [ec] = co_await socket.async_connect(at_, asio::as_tuple(asio::use_awaitable));
      if (ec) {
        socket.close();
        continue;
      }
      socket.set_option(tcp::no_delay(true));
      buffer_.clear();
    }
    auto [wec, _] = co_await http::async_write(socket, req, asio::as_tuple(asio::use_awaitable));
    http::response<http::string_body> res;
    if (!wec) {
      auto [rec, n] = co_await http::async_read(socket, buffer_, res, asio::as_tuple(asio::use_awaitable));
      if (!rec) {
        const auto us = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started).count();
        totals_.micros[kind].push_back(static_cast<std::uint32_t>(us));
        if (res.result_int() >= 300) ++totals_.failed[kind];
        if (!res.keep_alive()) socket.close();
        co_return Answer{res.result_int(), std::move(res.body())};
      }
    }
    socket.close();  // the server closed a kept-alive connection: once more on a new one
  }
  ++totals_.errors;
  co_return Answer{};
}

// `count` free seats side by side in one row, around a random free seat (fewer if the row has
// no room): how a fan picks on the map.
std::vector<int> Fan::pick(const Availability& seats_now, int count) {
  if (seats_now.free == 0) return {};
  const int at = seats_now.nth_free(std::uniform_int_distribution<int>(0, seats_now.free - 1)(rng_));
  std::vector<int> seats{at};
  for (int s = at + 1; static_cast<int>(seats.size()) < count && s < venue_.row_end[at] && seats_now.state(s) == 0; ++s) {
    seats.push_back(s);
  }
  for (int s = at - 1; static_cast<int>(seats.size()) < count && s >= venue_.row_start[at] && seats_now.state(s) == 0; --s) {
    seats.push_back(s);
  }
  return seats;
}

awaitable<bool> Fan::pay(tcp::socket& socket, const std::string& hold_id, int seats) {
  const bool decline_first = std::bernoulli_distribution(o_.decline_share)(rng_);
  for (const char* card : {"4000000000000002", "4242424242424242"}) {
    if (card[1] == '0' && !decline_first) continue;
    const std::string body = R"({"holdId":")" + hold_id + R"(","card":{"number":")" + card +
                             R"(","expiry":"12/39","cvc":"123","name":"Flash Fan"}})";
    const auto key = hold_id + "-" + card;
    const auto a = co_await call(socket, kCheckout, http::verb::post, "/api/checkout", body, key);
    if (a.status == 201 || a.status == 200) {
      totals_.tickets += seats;
      totals_.last_ticket = Clock::now();
      co_return true;
    }
    if (a.status == 402) ++totals_.declined;
    else co_return false;
  }
  co_return false;
}

// Joins the sale's waiting room and asks for its place until let in (true, with the pass kept)
// or told the sale is sold out or over (false).
awaitable<bool> Fan::wait_in_line(tcp::socket& socket, const std::string& base) {
  const auto joined = Clock::now();
  auto answer = co_await call(socket, kJoin, http::verb::post, base + "/queue");
  for (;;) {
    if (answer.status != 200) co_return false;
    const auto state = field_view(answer.body, "state");
    if (state == "admitted") {
      pass_ = field(answer.body, "pass");
      ++totals_.admitted;
      totals_.queue_wait_ms.push_back(static_cast<std::uint32_t>(
          std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - joined).count()));
      co_return !pass_.empty();
    }
    if (state == "sold_out") {
      ++totals_.told_sold_out;
      totals_.sold_out = true;
      co_return false;
    }
    if (state != "waiting" && state != "pre_queue" && state != "paused") co_return false;
    asio::steady_timer wait(socket.get_executor(), std::chrono::milliseconds(o_.poll_ms));
    co_await wait.async_wait(asio::use_awaitable);
    answer = co_await call(socket, kPlace, http::verb::get, base + "/queue");
  }
}

awaitable<void> Fan::run(tcp::socket& socket) {
  const std::string base = "/api/events/" + o_.event;
  if (o_.queue && !co_await wait_in_line(socket, base)) co_return;
  co_await call(socket, kMap, http::verb::get, base + "/seatmap");
  for (int attempt = 0; attempt < 3 && !totals_.sold_out;) {
    const auto seats_answer = co_await call(socket, kSeats, http::verb::get, base + "/seats");
    if (seats_answer.status != 200) co_return;
    const auto states = decode_states(field_view(seats_answer.body, "states"), static_cast<int>(venue_.ids.size()));
    const bool any_free = states.free > 0;
    const bool any_held = states.held > 0;
    if (!any_free && !any_held) {
      totals_.sold_out = true;
      co_return;
    }
    if (!any_free) {  // all taken, some only held: a fan waits for holds to lapse
      asio::steady_timer wait(socket.get_executor(), std::chrono::milliseconds(250));
      co_await wait.async_wait(asio::use_awaitable);
      continue;
    }
    ++attempt;
    int count = std::uniform_int_distribution<int>(1, 4)(rng_);
    Answer hold;
    if (std::bernoulli_distribution(o_.best_share)(rng_)) {
      hold = co_await call(socket, kBestHold, http::verb::post, base + "/holds/best",
                           R"({"count":)" + std::to_string(count) + "}");
    } else {
      const auto chosen = pick(states, count);
      if (chosen.empty()) continue;
      count = static_cast<int>(chosen.size());
      std::string body = R"({"seats":[)";
      for (std::size_t i = 0; i < chosen.size(); ++i) body += (i ? ",\"" : "\"") + venue_.ids[chosen[i]] + "\"";
      hold = co_await call(socket, kHold, http::verb::post, base + "/holds", body + "]}");
    }
    if (hold.status == 409) {
      ++totals_.lost_races;
      continue;
    }
    if (hold.status != 201) co_return;
    if (totals_.holds++ == 0) totals_.first_hold = Clock::now();
    if (std::bernoulli_distribution(o_.abandon_share)(rng_)) {
      ++totals_.abandoned;
      co_return;
    }
    co_await pay(socket, field(hold.body, "holdId"), count);
    co_return;
  }
}

Venue load_venue(const std::string& seat_map_json) {
  const auto map = boost::json::parse(seat_map_json).as_object();
  Venue v;
  for (const auto& sec : map.at("sections").as_array()) {
    const auto& s = sec.as_object();
    const std::string id(s.at("id").as_string());
    for (const auto& row : s.at("rows").as_array()) {
      const auto& r = row.as_object();
      const int first = static_cast<int>(r.at("firstIndex").as_int64());
      const int seats = static_cast<int>(r.at("seats").as_int64());
      if (static_cast<int>(v.ids.size()) < first + seats) {
        v.ids.resize(first + seats);
        v.row_start.resize(first + seats);
        v.row_end.resize(first + seats);
      }
      for (int n = 1; n <= seats; ++n) {
        v.ids[first + n - 1] = id + "-" + std::string(r.at("label").as_string()) + "-" + std::to_string(n);
        v.row_start[first + n - 1] = first;
        v.row_end[first + n - 1] = first + seats;
      }
    }
  }
  return v;
}

std::string fetch(asio::io_context& io, tcp::endpoint at, const std::string& target) {
  tcp::socket socket(io);
  socket.connect(at);
  http::request<http::empty_body> req{http::verb::get, target, 11};
  req.set(http::field::host, "127.0.0.1");
  http::write(socket, req);
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(socket, buffer, res);
  if (res.result_int() != 200) throw std::runtime_error(target + " answered " + std::to_string(res.result_int()));
  return res.body();
}

double percentile(std::vector<std::uint32_t>& v, double p) {
  if (v.empty()) return 0;
  const auto k = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1));
  std::nth_element(v.begin(), v.begin() + static_cast<long>(k), v.end());
  return v[k] / 1000.0;
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i], val = argv[i + 1];
    if (k == "--host") o.host = val;
    else if (k == "--port") o.port = static_cast<unsigned short>(std::stoi(val));
    else if (k == "--tokens") o.tokens_file = val;
    else if (k == "--event") o.event = val;
    else if (k == "--connections") o.connections = std::stoi(val);
    else if (k == "--fans") o.fans = std::stol(val);
    else if (k == "--seconds") o.seconds = std::stoi(val);
    else if (k == "--best-share") o.best_share = std::stod(val);
    else if (k == "--decline-share") o.decline_share = std::stod(val);
    else if (k == "--abandon-share") o.abandon_share = std::stod(val);
    else if (k == "--seed") o.seed = static_cast<unsigned>(std::stoul(val));
    else if (k == "--queue") o.queue = val != "0";
    else if (k == "--poll-ms") o.poll_ms = std::stoi(val);
    else throw std::runtime_error("unknown option " + k);
  }
  if (!o.port || o.tokens_file.empty() || o.event.empty()) throw std::runtime_error("--port, --tokens and --event are needed");
  return o;
}

}  // namespace

int main(int argc, char** argv) try {
  const Options o = parse(argc, argv);
  const auto address = asio::ip::make_address(o.host);
  if (!address.is_loopback()) throw std::runtime_error("flash_crowd sends traffic to loopback addresses only");
  const tcp::endpoint at(address, o.port);
  std::vector<std::string> tokens;
  std::ifstream in(o.tokens_file);
  for (std::string line; std::getline(in, line);) if (!line.empty()) tokens.push_back(line);
  if (tokens.empty()) throw std::runtime_error("no tokens in " + o.tokens_file);

  asio::io_context io(1);
  const Venue venue = load_venue(fetch(io, at, "/api/events/" + o.event + "/seatmap"));
  Totals totals;
  std::mt19937 rng(o.seed);
  long next_fan = 0;
  const auto started = Clock::now();
  const auto deadline = started + std::chrono::seconds(o.seconds);
  for (int c = 0; c < o.connections; ++c) {
    asio::co_spawn(io, [&]() -> awaitable<void> {
      tcp::socket socket(io);
      // Room for the largest answer (33 KB of the 100,000-seat availability) from the start: a
      // buffer grown from empty for each answer took several reads and copies per answer.
      beast::flat_buffer buffer;
      buffer.reserve(64 * 1024);
      while (!totals.sold_out && next_fan < o.fans && Clock::now() < deadline) {
        const long number = next_fan++;
        const auto& token = tokens[static_cast<std::size_t>(number) % tokens.size()];
        co_await Fan(o, venue, totals, rng, at, token, buffer, number).run(socket);
        ++totals.fans_done;
      }
    }, asio::detached);
  }
  io.run();
  const double wall = std::chrono::duration<double>(Clock::now() - started).count();
  const double sale = totals.holds ? std::chrono::duration<double>(totals.last_ticket - totals.first_hold).count() : 0;
  std::printf("seats %zu\nfans %ld\nsold_out %d\nwall_s %.2f\nsale_s %.2f\ntickets %ld\ntickets_per_s %.0f\n",
              venue.ids.size(), totals.fans_done, totals.sold_out ? 1 : 0, wall, sale, totals.tickets,
              sale > 0 ? totals.tickets / sale : 0.0);
  std::printf("holds %ld\nlost_races %ld\nabandoned %ld\ndeclined %ld\nconnection_errors %ld\n", totals.holds,
              totals.lost_races, totals.abandoned, totals.declined, totals.errors);
  if (o.queue) {
    auto& w = totals.queue_wait_ms;
    std::printf("admitted %ld\ntold_sold_out %ld\nqueue_wait_p50_s %.1f\nqueue_wait_p99_s %.1f\n", totals.admitted,
                totals.told_sold_out, percentile(w, 0.5), percentile(w, 0.99));
  }
  for (int k = 0; k < kKinds; ++k) {
    auto& v = totals.micros[k];
    std::printf("%s %zu %.0f %.2f %.2f %ld\n", kKindNames[k], v.size(), wall > 0 ? v.size() / wall : 0.0,
                percentile(v, 0.50), percentile(v, 0.99), totals.failed[k]);
  }
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "flash_crowd: %s\n", e.what());
  return 1;
}
