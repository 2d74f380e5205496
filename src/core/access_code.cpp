#include "core/access_code.h"

#include <sodium.h>

#include <algorithm>
#include <set>


namespace tw::core {
namespace {

// Letters and digits people read back without confusing them: no 0/O, 1/I/L.
constexpr std::string_view kCodeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

Error bad_codes(std::string message) { return invalid("invalid_codes", std::move(message)); }

bool is_code_char(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

std::string named_list(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

}  // namespace

std::optional<std::string> normalize_code(std::string_view typed) {
  std::string out;
  for (char c : typed) {
    if (c == ' ' || c == '-') continue;
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (!is_code_char(c) || out.size() >= kMaxCodeLength) return std::nullopt;
    out += c;
  }
  if (out.size() < kMinCodeLength) return std::nullopt;
  return out;
}

std::string generate_code() {
  std::string out;
  for (int i = 0; i < kGeneratedCodeLength; ++i) {
    out += kCodeAlphabet[randombytes_uniform(static_cast<std::uint32_t>(kCodeAlphabet.size()))];
  }
  return out;
}

std::string printed_code(std::string_view code) {
  if (code.size() != static_cast<std::size_t>(kGeneratedCodeLength)) return std::string(code);
  std::string out(code.substr(0, 5));
  out += '-';
  out += code.substr(5);
  return out;
}

Status validate_code_rules(const CodeRules& r, const Layout& layout) {
  if (r.label.size() > kMaxCodeLabel) {
    return bad_codes("label must be at most " + std::to_string(kMaxCodeLabel) + " characters");
  }
  if (r.max_uses < 1 || r.max_uses > kMaxUsesPerCode) {
    return bad_codes("maxUses must be 1-" + std::to_string(kMaxUsesPerCode));
  }
  if (r.valid_from_ms < 0 || r.valid_until_ms < 0 ||
      (r.valid_from_ms && r.valid_until_ms && r.valid_until_ms <= r.valid_from_ms)) {
    return bad_codes("validUntil must come after validFrom");
  }
  if (r.allotment < 0 || r.allotment > kMaxSeatsPerEvent) {
    return bad_codes("allotment must be 0 (no cap) to " + std::to_string(kMaxSeatsPerEvent) + " seats");
  }
  std::set<std::string> tiers, sections;
  for (const auto& s : layout.sections) tiers.insert(s.tier), sections.insert(s.id);
  const auto unknown = [](std::string what, const std::string& name) {
    what.append(" '").append(name, 0, 40).append("'");
    return bad_codes("this event has no " + what);
  };
  for (const auto& t : r.tiers) {
    if (!tiers.contains(t)) return unknown("tier", t);
  }
  for (const auto& s : r.sections) {
    if (!sections.contains(s)) return unknown("section", s);
  }
  return Ok{};
}

bool unlocks(const CodeRules& r, const SectionSpec& section) {
  if (r.tiers.empty() && r.sections.empty()) return true;
  return std::find(r.tiers.begin(), r.tiers.end(), section.tier) != r.tiers.end() ||
         std::find(r.sections.begin(), r.sections.end(), section.id) != r.sections.end();
}

Status code_use_allowed(const CodeRules& r, const AccessCode& code, const CodeUsage& usage, int seats,
                        std::int64_t now_ms) {
  if (code.revoked_at_ms) return conflict("code_revoked", "The organiser withdrew this code");
  if ((r.valid_from_ms && now_ms < r.valid_from_ms) || (r.valid_until_ms && now_ms >= r.valid_until_ms)) {
    return forbidden("code_not_valid_now", "This code cannot be used at this time");
  }
  if (usage.uses >= r.max_uses) {
    std::string uses = r.max_uses == 1 ? "once" : std::to_string(r.max_uses) + " times";
    return conflict("code_used_up", "This code has been used already (it may be used " + uses + ")");
  }
  if (r.allotment && usage.batch_seats + seats > r.allotment) {
    const int left = std::max(0, r.allotment - usage.batch_seats);
    return conflict("code_allotment_reached", "The seats set aside for this code are gone: " + std::to_string(left) +
                                                  " left, " + std::to_string(seats) + " asked for");
  }
  return Ok{};
}

std::string unlocked_words(const CodeRules& r) {
  if (r.tiers.empty() && r.sections.empty()) return "every seat";
  std::string out;
  if (!r.tiers.empty()) out.append(r.tiers.size() == 1 ? "tier " : "tiers ").append(named_list(r.tiers));
  if (!r.sections.empty()) {
    if (!out.empty()) out += " and ";
    out.append(r.sections.size() == 1 ? "section " : "sections ").append(named_list(r.sections));
  }
  return out;
}

}  // namespace tw::core
