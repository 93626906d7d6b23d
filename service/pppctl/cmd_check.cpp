#include "pppctl/cmd_check.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>

#include "core/chat.hpp"
#include "io/files.hpp"
#include "pppctl/format.hpp"

namespace pppctl {
namespace {

using ppp::config::Diagnostic;

constexpr const char* kDefaultConfigDir = "/etc/ppp";

std::string octal_mode(mode_t mode) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(mode & 07777));
    return buf;
}

// The seed's §5.8.6 advice: /etc/ppp holds secrets, so only root may look in.
void check_directory(const std::string& dir, std::vector<Diagnostic>& warnings) {
    struct stat st {};
    if (::stat(dir.c_str(), &st) != 0) {
        warnings.push_back({dir, 0, "cannot read the configuration directory"});
        return;
    }
    if ((st.st_mode & 077) != 0)
        warnings.push_back({dir, 0, "mode " + octal_mode(st.st_mode) + ", but it holds secrets and should be mode 700 (run: chmod 700 " + dir + ")"});
}

void check_secrets(const std::string& dir, std::vector<Diagnostic>& warnings) {
    for (const char* name : {"pap-secrets", "chap-secrets"}) {
        const std::string path = dir + "/" + name;
        struct stat st {};
        if (::stat(path.c_str(), &st) != 0) continue;  // none is fine
        if ((st.st_mode & 044) != 0)
            warnings.push_back({path, 0, std::string((st.st_mode & 004) ? "world-readable" : "group-readable") +
                                             " (mode " + octal_mode(st.st_mode) + "), but it holds passwords (run: chmod 600 " + path + ")"});
    }
}

// The connect command's chat script, when the command is a chat invocation
// with -f FILE: it must be readable, and it must parse.
void check_chat_script(const CheckReport& r, std::vector<Diagnostic>& warnings, std::vector<Diagnostic>& errors) {
    const auto& o = r.options;
    if (o.connect.empty()) return;
    const auto at = o.origin.find("connect");
    std::string file = at == o.origin.end() ? r.config_dir : at->second;
    int line = 0;
    if (const auto colon = file.rfind(':'); colon != std::string::npos) {
        line = std::atoi(file.c_str() + colon + 1);
        file.resize(colon);
    }
    const auto invocation = ppp::chat::parse_invocation(o.connect);
    if (!invocation) {
        // An external command, run with sh -c: a program named by its path must be there.
        const auto begin = o.connect.find_first_not_of(" \t");
        const std::string program = o.connect.substr(begin, o.connect.find_first_of(" \t", begin) - begin);
        if (!program.empty() && program[0] == '/' && ::access(program.c_str(), X_OK) != 0)
            warnings.push_back({file, line, "the connect program " + program + " is not an executable file"});
        return;
    }
    if (!invocation->script_file) return;
    const std::string path = ppp::config::map_config_path(*invocation->script_file, r.config_dir);
    const auto text = ppp::io::read_file(path);
    if (!text) {
        warnings.push_back({file, line, "the chat script " + path + " cannot be read"});
        return;
    }
    try {
        ppp::chat::parse_script(*text, path);
    } catch (const ppp::config::Error& e) {
        errors.push_back({e.file(), e.line(), e.message()});
    }
}

std::string json_diagnostics(const std::vector<Diagnostic>& list) {
    std::string out = "[";
    for (std::size_t i = 0; i < list.size(); ++i) {
        out += i ? ",\n    " : "\n    ";
        out += "{\"file\": " + json_string(list[i].file) + ", \"line\": " + std::to_string(list[i].line) +
               ", \"message\": " + json_string(list[i].message) + "}";
    }
    return out + (list.empty() ? "]" : "\n  ]");
}

// The loader cannot tell a missing file from one the user may not read;
// pppctl check runs as the user, so say which it is.
void check_readable(const std::string& path, std::vector<Diagnostic>& errors) {
    struct stat st {};
    const bool exists = ::stat(path.c_str(), &st) == 0;
    if ((!exists && errno == EACCES) || (exists && ::access(path.c_str(), R_OK) != 0))
        errors.push_back({path, 0, "permission denied: pppctl check reads the files as you (try sudo pppctl check)"});
}

}  // namespace

CheckReport run_checks(const std::string& name, const std::string& config_dir) {
    CheckReport r;
    r.peer = name;
    r.config_dir = config_dir.empty() ? kDefaultConfigDir : config_dir;
    while (r.config_dir.size() > 1 && r.config_dir.back() == '/') r.config_dir.pop_back();
    r.options = ppp::config::load_peer(r.config_dir, name, [](const std::string& path) { return ppp::io::read_file(path); },
                                       r.errors);
    r.warnings = r.options.warnings;
    const std::string peer = r.config_dir + "/peers/" + name;
    if (ppp::config::valid_peer_name(name)) {
        // Before the loader's "cannot read", which it explains.
        std::vector<Diagnostic> denied;
        check_readable(r.config_dir + "/options", denied);
        check_readable(peer, denied);
        // The loader's "cannot read" about those same files says less.
        const auto explained = [&](const Diagnostic& d) {
            return std::any_of(denied.begin(), denied.end(), [&](const Diagnostic& x) { return x.file == d.file; });
        };
        r.errors.erase(std::remove_if(r.errors.begin(), r.errors.end(), explained), r.errors.end());
        r.warnings.erase(std::remove_if(r.warnings.begin(), r.warnings.end(), explained), r.warnings.end());
        r.errors.insert(r.errors.begin(), denied.begin(), denied.end());
    }
    const bool peer_read = std::find(r.options.files.begin(), r.options.files.end(), peer) != r.options.files.end();
    if (peer_read && r.options.device.empty())
        r.errors.push_back({peer, 0, "no device given (add one such as /dev/ttyS0 to the peer file)"});
    check_directory(r.config_dir, r.warnings);
    check_secrets(r.config_dir, r.warnings);
    check_chat_script(r, r.warnings, r.errors);
    return r;
}

std::string check_text(const CheckReport& r) {
    std::string out = "Peer " + r.peer + " (" + r.config_dir + ")\n";
    out += "Files read:\n";
    for (const std::string& f : r.options.files) out += "  " + f + "\n";
    const auto effective = ppp::config::effective_options(r.options);
    out += "Effective options:\n";
    if (effective.empty()) out += "  (none)\n";
    std::size_t width = 0;
    for (const auto& e : effective) width = std::max(width, e.name.size() + (e.value.empty() ? 0 : e.value.size() + 1));
    width = std::min<std::size_t>(width, 48);
    for (const auto& e : effective) {
        std::string setting = e.name + (e.value.empty() ? "" : " " + e.value);
        if (setting.size() < width) setting.resize(width, ' ');
        out += "  " + setting + "  # " + e.origin + "\n";
    }
    return out;
}

std::string check_json(const CheckReport& r) {
    std::string out = "{\n  \"peer\": " + json_string(r.peer) + ",\n  \"config_dir\": " + json_string(r.config_dir) +
                      ",\n  \"ok\": " + (r.errors.empty() ? "true" : "false") + ",\n  \"files\": [";
    for (std::size_t i = 0; i < r.options.files.size(); ++i) out += (i ? ", " : "") + json_string(r.options.files[i]);
    out += "],\n  \"options\": [";
    const auto effective = ppp::config::effective_options(r.options);
    for (std::size_t i = 0; i < effective.size(); ++i) {
        out += i ? ",\n    " : "\n    ";
        out += "{\"name\": " + json_string(effective[i].name) + ", \"value\": " + json_string(effective[i].value) +
               ", \"origin\": " + json_string(effective[i].origin) + "}";
    }
    out += effective.empty() ? "]" : "\n  ]";
    out += ",\n  \"warnings\": " + json_diagnostics(r.warnings);
    out += ",\n  \"errors\": " + json_diagnostics(r.errors) + "\n}\n";
    return out;
}

int check(const Check& command) {
    const CheckReport r = run_checks(command.name, command.config_dir);
    if (command.json) {
        std::fputs(check_json(r).c_str(), stdout);
        return r.errors.empty() ? 0 : 1;
    }
    std::fputs(check_text(r).c_str(), stdout);
    std::fflush(stdout);
    for (const Diagnostic& d : r.warnings)
        std::fprintf(stderr, "%s:%d: warning: %s\n", d.file.c_str(), d.line, d.message.c_str());
    for (const Diagnostic& d : r.errors)
        std::fprintf(stderr, "%s:%d: error: %s\n", d.file.c_str(), d.line, d.message.c_str());
    std::printf("%s: %zu error%s, %zu warning%s\n", r.peer.c_str(), r.errors.size(), r.errors.size() == 1 ? "" : "s",
                r.warnings.size(), r.warnings.size() == 1 ? "" : "s");
    return r.errors.empty() ? 0 : 1;
}

}  // namespace pppctl
