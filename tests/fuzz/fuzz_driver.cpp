// Runs a libFuzzer target without libFuzzer: files given on the command line,
// then --runs=N deterministic pseudo-random inputs (mutations of a few seeds),
// so every build exercises the fuzz targets and a crash fails CTest.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

int main(int argc, char** argv) {
    long runs = 10000;
    for (int i = 1; i < argc; ++i) {
        if (std::strncmp(argv[i], "--runs=", 7) == 0) {
            runs = std::strtol(argv[i] + 7, nullptr, 10);
            continue;
        }
        std::ifstream in(argv[i], std::ios::binary);
        std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        LLVMFuzzerTestOneInput(bytes.data(), bytes.size());
    }
    std::mt19937 rng(0x50505021u);
    std::vector<std::uint8_t> buf;
    for (long run = 0; run < runs; ++run) {
        const std::size_t len = rng() % 2048;
        // Mostly-structured inputs: bias towards PPP-looking bytes so parsers get past their first checks.
        static constexpr std::uint8_t kInteresting[] = {0x7e, 0x7d, 0xff, 0x03, 0xc0, 0x21, 0x80, 0x21, 0x01, 0x02,
                                                        0x00, 0x04, 0x05, 0x06, 0x20, '\n', '"', '\\', '#', ' '};
        buf.resize(len);
        for (auto& b : buf) {
            b = (rng() % 3 == 0) ? static_cast<std::uint8_t>(rng()) : kInteresting[rng() % sizeof kInteresting];
        }
        LLVMFuzzerTestOneInput(buf.data(), buf.size());
    }
    std::cout << "ran " << runs << " generated inputs\n";
    return 0;
}
