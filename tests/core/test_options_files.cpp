// Table-driven: every directory under tests/core/option_files is a copy of
// an /etc/ppp tree (options, peers/NAME, maybe options.ttyXX and included
// files) with an `expect` file:
//
//   peer NAME                    the peer to load (default: the only file in peers/)
//   NAME [VALUE] [@FILE:LINE]    an effective option, its value and origin
//   error FILE:LINE: MESSAGE     an expected error (then no other errors)
//   warning FILE:LINE: MESSAGE   an expected warning (others may exist)
//   *                            do not compare the effective options
//
// FILE is relative to the case directory; {DIR} stands for the directory.
// Without a `*` line the effective options must be exactly those listed: an
// option read wrongly, or one too many, fails the case.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "core/options.hpp"

namespace ppp::config {
namespace {

namespace fs = std::filesystem;

std::optional<std::string> read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in || fs::is_directory(path)) return std::nullopt;
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
    for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
        s.replace(at, from.size(), to);
    return s;
}

struct Expectation {
    std::string peer;
    std::vector<std::string> options;  // "name value @origin" lines, normalised
    std::vector<std::string> errors;
    std::vector<std::string> warnings;
    bool compare_options = true;
};

Expectation read_expectation(const fs::path& dir) {
    Expectation e;
    const auto text = read((dir / "expect").string());
    if (!text) ADD_FAILURE() << "no expect file in " << dir;
    std::istringstream lines(text.value_or(""));
    const std::string prefix = dir.string() + "/";
    for (std::string line; std::getline(lines, line);) {
        if (line.empty() || line[0] == '#') continue;
        line = replace_all(line, "{DIR}", dir.string());
        if (line == "*") e.compare_options = false;
        else if (line.rfind("peer ", 0) == 0) e.peer = line.substr(5);
        else if (line.rfind("error ", 0) == 0) e.errors.push_back(prefix + line.substr(6));
        else if (line.rfind("warning ", 0) == 0) e.warnings.push_back(prefix + line.substr(8));
        else e.options.push_back(line);
    }
    if (e.peer.empty()) {
        for (const auto& entry : fs::directory_iterator(dir / "peers")) {
            if (!e.peer.empty()) ADD_FAILURE() << dir << ": several peers; name one with `peer NAME`";
            e.peer = entry.path().filename().string();
        }
    }
    return e;
}

// One effective option as an expect line would say it; with_origin adds
// " @FILE:LINE" relative to the case directory.
std::string line_of(const Effective& e, const std::string& dir, bool with_origin) {
    std::string s = e.name + (e.value.empty() ? "" : " " + e.value);
    if (with_origin) s += " @" + (e.origin.rfind(dir + "/", 0) == 0 ? e.origin.substr(dir.size() + 1) : e.origin);
    return s;
}

std::vector<fs::path> cases() {
    std::vector<fs::path> out;
    for (const auto& entry : fs::directory_iterator(PPPKIT_OPTION_FILES))
        if (entry.is_directory()) out.push_back(entry.path());
    std::sort(out.begin(), out.end());
    return out;
}

TEST(OptionFilesTable, AtLeastFortyCases) { EXPECT_GE(cases().size(), 40u); }

TEST(OptionFilesTable, EachCaseGivesItsExpectedOptions) {
    for (const fs::path& dir : cases()) {
        SCOPED_TRACE(dir.filename().string());
        const Expectation expect = read_expectation(dir);
        std::vector<Diagnostic> errors;
        const PeerOptions o =
            load_peer(dir.string(), expect.peer, [](const std::string& p) { return read(p); }, errors);

        std::vector<std::string> got_errors;
        for (const Diagnostic& d : errors) got_errors.push_back(d.text());
        EXPECT_EQ(got_errors, expect.errors);

        std::vector<std::string> got_warnings;
        for (const Diagnostic& d : o.warnings) got_warnings.push_back(d.text());
        for (const std::string& w : expect.warnings)
            EXPECT_NE(std::find(got_warnings.begin(), got_warnings.end(), w), got_warnings.end())
                << "missing warning: " << w;

        if (!expect.compare_options) continue;
        const auto effective = effective_options(o);
        std::vector<std::string> got_names, want_names;
        for (const Effective& e : effective) got_names.push_back(e.name);
        for (const std::string& line : expect.options) {
            // "name value @origin": the origin is compared only when given.
            static const std::regex with_origin(R"((.*) @(\S+:\d+)$)");
            std::smatch m;
            const bool has_origin = std::regex_match(line, m, with_origin);
            const std::string body = has_origin ? m[1].str() : line;
            const std::string name = body.substr(0, body.find(' '));
            want_names.push_back(name);
            const auto it = std::find_if(effective.begin(), effective.end(),
                                         [&](const Effective& e) { return e.name == name; });
            if (it == effective.end()) {
                ADD_FAILURE() << "option not in effect: " << line;
                continue;
            }
            EXPECT_EQ(line_of(*it, dir.string(), has_origin), line);
        }
        std::sort(got_names.begin(), got_names.end());
        std::sort(want_names.begin(), want_names.end());
        EXPECT_EQ(got_names, want_names) << "the effective options are not exactly the expected ones";
    }
}

}  // namespace
}  // namespace ppp::config
