// A libFuzzer target without libFuzzer, for `make test` (built by the ordinary compiler): every
// input of the target's corpus, then random mutations of them for a few seconds with a fixed
// seed. Not coverage-guided — that is `make fuzz` (clang, libFuzzer) — but it runs the target's
// checks under the test build's sanitizers on every change.
// Usage: <target>_replay CORPUS_DIR SECONDS
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

int run(const std::string& input) {
  return LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
}

std::string mutate(std::string s, const std::vector<std::string>& corpus, std::mt19937& rng) {
  const int edits = 1 + static_cast<int>(rng() % 4);
  for (int e = 0; e < edits; ++e) {
    const auto at = s.empty() ? 0 : rng() % (s.size() + 1);
    switch (rng() % 6) {
      case 0: if (!s.empty()) s[at % s.size()] = static_cast<char>(rng()); break;         // change a byte
      case 1: s.insert(at, 1, static_cast<char>(rng())); break;                          // insert one
      case 2: if (!s.empty()) s.erase(at % s.size(), 1 + rng() % 8); break;              // delete some
      case 3: s.insert(at, s.substr(rng() % (s.size() + 1), rng() % 16)); break;         // repeat a piece
      case 4: {                                                                          // splice another
        const auto& o = corpus[rng() % corpus.size()];
        s = s.substr(0, at) + o.substr(rng() % (o.size() + 1));
        break;
      }
      default: s.resize(rng() % (s.size() + 1)); break;                                  // cut short
    }
  }
  return s.size() > 64 * 1024 ? s.substr(0, 64 * 1024) : s;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s CORPUS_DIR SECONDS\n", argv[0]);
    return 2;
  }
  std::vector<std::string> corpus;
  for (const auto& f : std::filesystem::directory_iterator(argv[1])) {
    std::ifstream in(f.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    corpus.push_back(ss.str());
  }
  if (corpus.empty()) corpus.emplace_back();
  for (const auto& input : corpus) run(input);
  std::mt19937 rng(20261126);
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(std::atoi(argv[2]));
  long runs = static_cast<long>(corpus.size());
  while (std::chrono::steady_clock::now() < until) {
    for (int i = 0; i < 64; ++i, ++runs) run(mutate(corpus[rng() % corpus.size()], corpus, rng));
  }
  std::printf("%ld inputs, no crash\n", runs);
  return 0;
}
