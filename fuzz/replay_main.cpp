// fuzz/replay_main.cpp: the replay driver. Runs a fuzz target's
// LLVMFuzzerTestOneInput over every file of the folders given (its corpus
// and its regressions), so that the normal build (gcc, no libFuzzer) checks
// every committed input against the target's contract. A broken contract
// aborts (the test fails, naming the input on stderr); an unreadable folder
// or file is exit status 1. Usage: fuzz_replay_<target> DIR...
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

int main(int argc, char** argv) {
  std::size_t inputs = 0;
  for (int i = 1; i < argc; ++i) {
    const std::filesystem::path dir(argv[i]);
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) {
      continue;  // a target without regressions has no folder for them
    }
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
      if (entry.is_regular_file()) {
        files.push_back(entry.path());
      }
    }
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
      std::ifstream in(file, std::ios::binary);
      if (!in) {
        std::fprintf(stderr, "replay: cannot read %s\n", file.string().c_str());
        return 1;
      }
      const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      std::fprintf(stderr, "replay: %s\n", file.string().c_str());
      LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
      ++inputs;
    }
  }
  std::printf("replay: %zu inputs, every contract held\n", inputs);
  return 0;
}
