// HDLC framing throughput: libpppcore's encoder/decoder against a naive
// bytewise reference (one table lookup per byte for the FCS, one branch and
// push_back per byte for escaping, a byte-at-a-time decoder state machine),
// run side by side on the same data. Prints GB/s of frame bytes (before
// escaping) and the ratio ours/baseline. Both results are cross-checked:
// any difference in the encoded bytes or decoded frames fails the run.
//
//   bench_hdlc [--mb N] [--reps N] [--chunk N]
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "core/hdlc.hpp"

namespace {

using Buf = std::vector<std::uint8_t>;
using ppp::Bytes;

// ---- the naive reference

struct NaiveFcsTable {
    std::uint16_t t[256];
    NaiveFcsTable() {
        for (unsigned b = 0; b < 256; ++b) {
            unsigned v = b;
            for (int i = 0; i < 8; ++i) v = (v & 1u) ? (v >> 1) ^ 0x8408u : v >> 1;
            t[b] = static_cast<std::uint16_t>(v);
        }
    }
};
const NaiveFcsTable kNaive;

inline std::uint16_t naive_fcs_byte(std::uint16_t fcs, std::uint8_t b) {
    return static_cast<std::uint16_t>((fcs >> 8) ^ kNaive.t[(fcs ^ b) & 0xffu]);
}

// `extra`: 256 flags, the `escape` characters (0x5d and 0x5e never set).
inline void naive_put(std::uint8_t b, std::uint32_t accm, const bool* extra, Buf& out) {
    if (b == 0x7e || b == 0x7d || (b < 0x20 && ((accm >> b) & 1u)) || extra[b]) {
        out.push_back(0x7d);
        out.push_back(static_cast<std::uint8_t>(b ^ 0x20));
    } else {
        out.push_back(b);
    }
}

void naive_encode(Bytes frame, std::uint32_t accm, const bool* extra, Buf& out) {
    std::uint16_t fcs = 0xffff;
    out.push_back(0x7e);
    for (std::uint8_t b : frame) {
        fcs = naive_fcs_byte(fcs, b);
        naive_put(b, accm, extra, out);
    }
    fcs = static_cast<std::uint16_t>(~fcs);
    naive_put(static_cast<std::uint8_t>(fcs & 0xff), accm, extra, out);
    naive_put(static_cast<std::uint8_t>(fcs >> 8), accm, extra, out);
    out.push_back(0x7e);
}

class NaiveDecoder {
public:
    explicit NaiveDecoder(std::size_t max_frame) : max_(max_frame + 2) { buf_.reserve(max_); }

    // Calls on_frame(Bytes) for every good frame in `in`.
    template <class F>
    void feed(Bytes in, F&& on_frame) {
        for (std::uint8_t b : in) {
            if (b == 0x7e) {
                if (!escaped_ && !discard_ && buf_.size() >= 4 && fcs_ == 0xf0b8)
                    on_frame(Bytes{buf_.data(), buf_.size() - 2});
                buf_.clear();
                fcs_ = 0xffff;
                escaped_ = discard_ = false;
            } else if (discard_) {
            } else if (b == 0x7d) {
                escaped_ = true;
            } else {
                if (escaped_) {
                    b = static_cast<std::uint8_t>(b ^ 0x20);
                    escaped_ = false;
                }
                if (buf_.size() >= max_) {
                    discard_ = true;
                    continue;
                }
                buf_.push_back(b);
                fcs_ = naive_fcs_byte(fcs_, b);
            }
        }
    }

private:
    std::size_t max_;
    Buf buf_;
    std::uint16_t fcs_ = 0xffff;
    bool escaped_ = false;
    bool discard_ = false;
};

// ---- workload

struct Workload {
    const char* name;
    std::uint32_t accm;
    std::vector<Buf> frames;
    std::size_t frame_bytes = 0;
    std::vector<std::uint8_t> escape{};  // pppd's `escape` characters (none: the plain encoder)
};

// Frames of 40..1500 bytes (mostly full-size, like bulk IP traffic).
std::vector<Buf> make_frames(std::size_t total, bool text, std::mt19937& rnd) {
    std::vector<Buf> frames;
    std::size_t sum = 0;
    while (sum < total) {
        const std::size_t n = rnd() % 4 == 0 ? 40 + rnd() % 1461 : 1500;
        Buf f(n);
        for (auto& b : f) b = text ? static_cast<std::uint8_t>(0x20 + rnd() % 95) : static_cast<std::uint8_t>(rnd());
        sum += n;
        frames.push_back(std::move(f));
    }
    return frames;
}

using Clock = std::chrono::steady_clock;

template <class F>
double best_seconds(int reps, F&& run) {
    double best = 1e30;
    for (int r = 0; r < reps; ++r) {
        const auto t0 = Clock::now();
        run();
        const double s = std::chrono::duration<double>(Clock::now() - t0).count();
        best = std::min(best, s);
    }
    return best;
}

std::uint64_t checksum(const Buf& b) {
    std::uint64_t h = 1469598103934665603ull;
    for (std::uint8_t x : b) h = (h ^ x) * 1099511628211ull;
    return h;
}

[[noreturn]] void die(const std::string& why) {
    std::fprintf(stderr, "bench_hdlc: %s\n", why.c_str());
    std::exit(1);
}

struct Result {
    double ours_gbps;
    double naive_gbps;
};

Result bench_encode(const Workload& w, int reps, Buf& line) {
    Buf ours, naive;
    ours.reserve(w.frame_bytes * 2 + w.frames.size() * 8);
    naive.reserve(ours.capacity());
    const ppp::hdlc::EscapeMap map(w.escape);
    bool extra[256] = {};
    for (std::uint8_t c : w.escape) extra[c] = c != 0x5d && c != 0x5e;
    const double t_ours = best_seconds(reps, [&] {
        ours.clear();
        if (w.escape.empty()) {
            for (const Buf& f : w.frames) ppp::hdlc::encode(f, w.accm, ours);
        } else {
            for (const Buf& f : w.frames) ppp::hdlc::encode(f, w.accm, map, ours);
        }
    });
    const double t_naive = best_seconds(reps, [&] {
        naive.clear();
        for (const Buf& f : w.frames) naive_encode(f, w.accm, extra, naive);
    });
    if (ours != naive) die(std::string("encoders disagree on ") + w.name);
    line = std::move(ours);
    const double gb = static_cast<double>(w.frame_bytes) / 1e9;
    return {gb / t_ours, gb / t_naive};
}

Result bench_decode(const Workload& w, int reps, const Buf& line, std::size_t chunk) {
    std::uint64_t ours_bytes = 0, naive_bytes = 0, ours_frames = 0, naive_frames = 0;
    Buf ours_last, naive_last;
    const double t_ours = best_seconds(reps, [&] {
        ppp::hdlc::Decoder d(1600);
        ours_bytes = ours_frames = 0;
        for (std::size_t pos = 0; pos < line.size(); pos += chunk) {
            Bytes in{line.data() + pos, std::min(chunk, line.size() - pos)};
            while (d.next(in)) {
                ours_bytes += d.frame().size();
                if (++ours_frames == w.frames.size()) ours_last.assign(d.frame().begin(), d.frame().end());
            }
        }
    });
    const double t_naive = best_seconds(reps, [&] {
        NaiveDecoder d(1600);
        naive_bytes = naive_frames = 0;
        for (std::size_t pos = 0; pos < line.size(); pos += chunk) {
            d.feed(Bytes{line.data() + pos, std::min(chunk, line.size() - pos)}, [&](Bytes f) {
                naive_bytes += f.size();
                ++naive_frames;
                if (naive_frames == w.frames.size()) naive_last.assign(f.begin(), f.end());
            });
        }
    });
    if (ours_frames != w.frames.size() || naive_frames != w.frames.size() || ours_bytes != w.frame_bytes ||
        naive_bytes != w.frame_bytes || checksum(ours_last) != checksum(w.frames.back()) ||
        checksum(naive_last) != checksum(w.frames.back()))
        die(std::string("decoders lost or changed frames on ") + w.name);
    const double gb = static_cast<double>(w.frame_bytes) / 1e9;
    return {gb / t_ours, gb / t_naive};
}

std::size_t arg_number(int& i, int argc, char** argv) {
    if (i + 1 >= argc) die(std::string(argv[i]) + " needs a number");
    char* end = nullptr;
    const unsigned long v = std::strtoul(argv[++i], &end, 10);
    if (end == argv[i] || *end != '\0' || v == 0) die(std::string("bad number '") + argv[i] + "'");
    return v;
}

}  // namespace

int main(int argc, char** argv) {
    std::size_t mb = 32, chunk = 4096;
    int reps = 5;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--mb") mb = arg_number(i, argc, argv);
        else if (a == "--reps") reps = static_cast<int>(std::min<std::size_t>(arg_number(i, argc, argv), 1000));
        else if (a == "--chunk") chunk = arg_number(i, argc, argv);
        else die("usage: bench_hdlc [--mb N] [--reps N] [--chunk N]");
    }
#if defined(__SANITIZE_ADDRESS__) || !defined(__OPTIMIZE__)
    std::printf("note: built without optimisation or with sanitizers; numbers are not representative\n");
#endif

    std::mt19937 rnd(12345);
    std::vector<Workload> loads;
    loads.push_back({"random, default ACCM", ppp::hdlc::kDefaultAccm, make_frames(mb << 20, false, rnd)});
    loads.push_back({"random, ACCM 0", 0, loads[0].frames});
    loads.push_back({"text, default ACCM", ppp::hdlc::kDefaultAccm, make_frames(mb << 20, true, rnd)});
    loads.push_back({"random, escape 11,13,ff", 0, loads[0].frames, 0, {0x11, 0x13, 0xff}});
    for (auto& w : loads)
        for (const Buf& f : w.frames) w.frame_bytes += f.size();

    std::printf("%zu MiB of frames per case, best of %d runs, decoder fed %zu-byte chunks\n", mb, reps, chunk);
    std::printf("%-24s %-7s %12s %12s %8s\n", "case", "op", "ours GB/s", "naive GB/s", "ratio");
    for (const auto& w : loads) {
        Buf line;
        const Result enc = bench_encode(w, reps, line);
        const Result dec = bench_decode(w, reps, line, chunk);
        std::printf("%-24s %-7s %12.3f %12.3f %7.2fx\n", w.name, "encode", enc.ours_gbps, enc.naive_gbps,
                    enc.ours_gbps / enc.naive_gbps);
        std::printf("%-24s %-7s %12.3f %12.3f %7.2fx\n", w.name, "decode", dec.ours_gbps, dec.naive_gbps,
                    dec.ours_gbps / dec.naive_gbps);
    }
    return 0;
}
