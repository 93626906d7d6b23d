// Reading pppd option files with the option table: the generic reader
// (argument checks, precedence, warnings, `file` and `call`), the files
// `pppd call NAME` reads, and the effective options.
//
// Choices where pppd's behaviour needs the file system or is surprising:
// - A device is a word starting with '/' (used as is) or a bare terminal
//   name (tty*, rfcomm*, pts/N) that gets "/dev/" prepended; pppd instead
//   checks whether /dev/WORD exists, which a pure parser cannot.
// - Speeds are decimal; option numbers are decimal, 0x hex or leading-zero
//   octal as in pppd; asyncmap is hex, as in pppd.
// - Words are bounded: names at 255 bytes (pppd's MAXNAMELEN is 256 with
//   the terminator), other arguments at 4096, and no argument may contain
//   a NUL byte (it would silently truncate the value when used as a C string).
// - `file` takes an absolute path (pppkitd has no working directory of the
//   user's); a file outside the configuration directory may belong to
//   anybody, so privileged options are refused there.
// - pppd (as root) reads /etc/ppp/options only if it exists; a missing one
//   is a warning here. ~/.ppprc is not read: pppkitd dials for whoever asks
//   over D-Bus, and no user's home belongs in a root service's configuration.
// - Precedence follows pppd's priorities: /etc/ppp/options and the per-tty
//   file are configuration files (OPRIO_CFGFILE), the peer file is what
//   `pppd call NAME` reads from its command line (OPRIO_CMDLINE); the per-tty
//   file is read last but cannot override the peer file.
#include "core/options.hpp"

#include <algorithm>
#include <cstdlib>

#include "core/option_table.hpp"
#include "core/option_values.hpp"

namespace ppp::config {
namespace {

constexpr std::size_t kMaxName = 255;
constexpr std::size_t kMaxArgument = 4096;
constexpr std::size_t kMaxDepth = 16;
constexpr std::size_t kMaxFiles = 64;  // per load: includes cannot fan out without bound

bool is_all_digits(const std::string& s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// A terminal named without its /dev/ prefix: ttyS1, ttyUSB0, rfcomm0, pts/3.
bool is_bare_tty(const std::string& s) {
    const bool name_ok = std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
               c == '.' || c == '/';
    });
    return name_ok && s.find("..") == std::string::npos &&
           ((starts_with(s, "tty") && s.size() > 3) || (starts_with(s, "rfcomm") && s.size() > 6) ||
            (starts_with(s, "pts/") && s.size() > 4));
}

std::string place(const std::string& file, int line) { return file + ":" + std::to_string(line); }

std::string strip_slashes(std::string dir) {
    while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
    return dir;
}

class Reader {
public:
    Reader(const std::vector<Token>& tokens, const std::string& file, PeerOptions& into, ParseContext& context)
        : tokens_(tokens), file_(file), into_(into), context_(context) {}

    void run() {
        while (next_ < tokens_.size()) {
            const Token& t = tokens_[next_++];
            if (!context_.errors) {
                option(t);
                continue;
            }
            try {
                option(t);
            } catch (const Error& e) {
                context_.errors->push_back({e.file(), e.line(), e.message()});
                // A plugin adds options of its own (rp-pppoe.so takes the
                // Ethernet device as a word): the rest cannot be read.
                if (t.text == "plugin") return;
                // The words after an unknown option on its line are most
                // likely its arguments, and may be a secret (`pasword x`):
                // skip them rather than echo each as another unknown option.
                if (unknown_) {
                    unknown_ = false;
                    while (next_ < tokens_.size() && tokens_[next_].line == t.line) ++next_;
                }
            }
        }
    }

private:
    const std::vector<Token>& tokens_;
    const std::string& file_;
    PeerOptions& into_;
    ParseContext& context_;
    std::size_t next_ = 0;
    bool unknown_ = false;  // the last error was an unknown option

    [[noreturn]] void fail(const Token& at, const std::string& message) const { throw Error(file_, at.line, message); }

    void warn(const Token& at, const std::string& message) {
        // Once per message: `lock` in both options and the peer file is one warning.
        for (const Diagnostic& d : into_.warnings)
            if (d.message == message) return;
        into_.warnings.push_back({file_, at.line, message});
    }

    const Token& argument(const Token& opt, std::size_t max_length) {
        if (next_ >= tokens_.size()) fail(opt, "option '" + opt.text + "' needs an argument");
        const Token& arg = tokens_[next_++];
        if (arg.text.size() > max_length)
            fail(arg, "option '" + opt.text + "': argument longer than " + std::to_string(max_length) + " bytes");
        if (arg.text.find('\0') != std::string::npos) fail(arg, "option '" + opt.text + "': argument contains a NUL byte");
        return arg;
    }

    long long number(const Token& opt, const Token& arg, long long min, long long max) const {
        long long v = 0;
        const NumberError e = parse_number(arg.text, v);
        if (e == NumberError::NotANumber) fail(arg, "option '" + opt.text + "': '" + arg.text + "' is not a number");
        if (e == NumberError::OutOfRange || v < min || v > max)
            fail(arg, "option '" + opt.text + "': " + arg.text + " is out of range (" + std::to_string(min) + ".." +
                          std::to_string(max) + ")");
        return v;
    }

    Arg read_argument(const OptionDef& def, const Token& t);
    void include(const OptionDef& def, const Token& t, const Arg& arg);
    void set(const OptionDef& def, const Token& t, const Arg& arg);
    void option(const Token& t);
};

Arg Reader::read_argument(const OptionDef& def, const Token& t) {
    Arg a;
    const auto limit = [&](std::size_t fallback) {
        return def.max > 0 ? static_cast<std::size_t>(def.max) : fallback;
    };
    switch (def.arg) {
        case ArgType::None:
        case ArgType::Positional: return a;
        case ArgType::Text: a.text = argument(t, limit(kMaxArgument)).text; return a;
        case ArgType::Name: a.text = argument(t, limit(kMaxName)).text; return a;
        case ArgType::Path: {
            const Token& p = argument(t, kMaxArgument);
            if (p.text.empty()) fail(p, "option '" + t.text + "' needs a file name");
            a.text = p.text;
            return a;
        }
        case ArgType::Int: {
            const Token& n = argument(t, kMaxArgument);
            a.text = n.text;
            a.number = number(t, n, def.min, def.max);
            return a;
        }
        case ArgType::Hex32: {
            const Token& n = argument(t, kMaxArgument);
            const auto v = parse_hex32(n.text);
            if (!v) fail(n, "option '" + t.text + "': '" + n.text + "' is not a 32-bit hex number");
            a.text = n.text;
            a.number = *v;
            return a;
        }
        case ArgType::Ipv4: {
            const Token& n = argument(t, kMaxArgument);
            a.ip = Ipv4::parse(n.text);
            if (!a.ip) fail(n, "option '" + t.text + "': '" + n.text + "' is not an IPv4 address");
            a.text = n.text;
            return a;
        }
        case ArgType::EscapeList: {
            const Token& n = argument(t, kMaxArgument);
            std::string error;
            const auto bytes = parse_escape_list(n.text, error);
            if (!bytes) fail(n, "option '" + t.text + "': " + error);
            if (std::find(bytes->begin(), bytes->end(), 0x5d) != bytes->end())
                warn(n, "option '" + t.text + "': 0x5d is sent unescaped (escaped it reads 7d 7d, which receivers "
                        "take as two escapes)");
            a.text = n.text;
            a.bytes = *bytes;
            return a;
        }
        case ArgType::Ipv6Ids: {
            const Token& n = argument(t, kMaxArgument);
            const auto comma = n.text.find(',');
            const std::string local = n.text.substr(0, comma);
            const std::string remote = comma == std::string::npos ? "" : n.text.substr(comma + 1);
            const auto bad = [&](const std::string& id) {
                fail(n, "option '" + t.text + "': '" + id + "' is not an IPv6 interface identifier (such as ::1)");
            };
            if (!local.empty()) {
                const auto id = parse_interface_id(local);
                if (!id) bad(local);
                a.id_local = *id;
                a.has_local = true;
            }
            if (!remote.empty()) {
                const auto id = parse_interface_id(remote);
                if (!id) bad(remote);
                a.id_remote = *id;
                a.has_remote = true;
            }
            if (!a.has_local && !a.has_remote) fail(n, "option '" + t.text + "' needs <local>,<remote> identifiers");
            a.text = n.text;
            return a;
        }
        case ArgType::Compress: {
            const Token& n = argument(t, kMaxArgument);
            const auto comma = n.text.find(',');
            Token part = n;
            part.text = n.text.substr(0, comma);
            number(t, part, def.min, def.max);
            if (comma != std::string::npos) {
                part.text = n.text.substr(comma + 1);
                number(t, part, def.min, def.max);
            }
            a.text = n.text;
            return a;
        }
    }
    return a;
}

void Reader::include(const OptionDef& def, const Token& t, const Arg& arg) {
    if (!context_.load) fail(t, "option '" + t.text + "' cannot be used here (no files can be read)");
    std::string path;
    bool privileged = context_.privileged;
    const std::string dir = strip_slashes(context_.config_dir);
    if (def.name == "call") {
        if (!valid_peer_name(arg.text)) fail(t, "option 'call': invalid peer name '" + arg.text + "'");
        path = dir + "/peers/" + arg.text;
    } else {
        if (arg.text.front() != '/')
            fail(t, "option 'file': '" + arg.text + "' is not an absolute path (pppkitd has no working directory)");
        path = map_config_path(arg.text, dir);
        privileged = privileged && starts_with(path, dir + "/");
    }
    if (std::find(context_.stack.begin(), context_.stack.end(), path) != context_.stack.end())
        fail(t, "option '" + t.text + "': " + path + " is already being read (the files include each other)");
    if (context_.stack.size() >= kMaxDepth)
        fail(t, "option '" + t.text + "': files nested more than " + std::to_string(kMaxDepth) + " deep");
    if (into_.files.size() >= kMaxFiles)
        fail(t, "option '" + t.text + "': more than " + std::to_string(kMaxFiles) + " option files read");
    const auto text = context_.load(path);
    if (!text) fail(t, "option '" + t.text + "': cannot read " + path);
    into_.files.push_back(path);
    ParseContext nested = context_;
    nested.privileged = privileged;
    nested.stack.push_back(path);
    parse_options(*text, path, into_, nested);
}

// Applies one setting, unless its group was set from a source of higher
// precedence (pppd ignores such options; we say so).
void Reader::set(const OptionDef& def, const Token& t, const Arg& arg) {
    const std::string group(group_of(def));
    const int precedence = static_cast<int>(context_.precedence);
    if (const auto it = into_.precedence.find(group); it != into_.precedence.end() && it->second > precedence) {
        std::string where;
        for (const OptionDef& other : option_table())
            if (group_of(other) == group)
                if (const auto o = into_.origin.find(std::string(other.name)); o != into_.origin.end())
                    where = " by '" + o->first + "' at " + o->second;
        warn(t, "'" + t.text + "' ignored: already set" + where + ", which takes precedence");
        return;
    }
    def.apply(into_, arg);
    for (const OptionDef& other : option_table())
        if (group_of(other) == group && other.name != def.name) into_.origin.erase(std::string(other.name));
    into_.origin[std::string(def.name)] = place(file_, t.line);
    into_.precedence[group] = precedence;
}

void Reader::option(const Token& t) {
    const std::string& w = t.text;
    if (const OptionDef* def = find_option(w)) {
        if (def->privileged && !context_.privileged)
            fail(t, "option '" + w + "' is privileged: set it in a file under " + context_.config_dir);
        const Arg arg = read_argument(*def, t);  // first, so an error leaves the reader at the next option
        if (def->support == Support::Unsupported) fail(t, std::string(def->note));
        if (def->layer == Layer::Parser) {
            include(*def, t, arg);
            return;
        }
        set(*def, t, arg);
        return;
    }
    if (w.find('\0') != std::string::npos) fail(t, "word contains a NUL byte");
    if (starts_with(w, "/") || is_bare_tty(w)) {
        if (w.size() > kMaxArgument) fail(t, "device name longer than " + std::to_string(kMaxArgument) + " bytes");
        const std::string device = starts_with(w, "/") ? w : "/dev/" + w;
        if (context_.per_tty && device != into_.device)
            fail(t, "the device cannot be changed in the per-tty options file (it is " + into_.device + ")");
        Arg arg;
        arg.text = device;
        set(positional("device"), t, arg);
        return;
    }
    if (is_all_digits(w)) {
        constexpr long long kMaxSpeed = 100000000;
        Arg arg;
        if (w[0] == '0' || w.size() > 12 || parse_number(w, arg.number) != NumberError::None || arg.number > kMaxSpeed)
            fail(t, "speed " + w + " is out of range (1.." + std::to_string(kMaxSpeed) + ")");
        set(positional("speed"), t, arg);
        return;
    }
    if (w.find(':') != std::string::npos) {
        Arg arg;
        if (!parse_address_pair(w, arg.ip, arg.ip_remote))
            fail(t, "'" + w + "' is not a valid <local>:<remote> address pair");
        set(positional("addresses"), t, arg);
        return;
    }
    unknown_ = true;
    fail(t, "unknown option '" + w + "'" + suggestion(w));
}

// What pppkit does not (fully) act on, for the options in effect only: an
// `auth` overridden by the peer's `noauth` deserves no warning.
void add_support_warnings(PeerOptions& o) {
    std::vector<Diagnostic> found;
    for (const OptionDef& def : option_table()) {
        const auto it = o.origin.find(std::string(def.name));
        if (it == o.origin.end()) continue;
        std::string message;
        const std::string name(def.name);
        switch (def.support) {
            case Support::Recorded: message = "'" + name + "' is accepted but not implemented yet; it has no effect"; break;
            case Support::Refused:
                message = "'" + name + "': pppkit does not implement " + std::string(def.note) +
                          "; the link runs uncompressed";
                break;
            case Support::Deprecated: message = std::string(def.note); break;
            default: continue;
        }
        const auto colon = it->second.rfind(':');
        Diagnostic d{it->second.substr(0, colon), std::atoi(it->second.c_str() + colon + 1), message};
        if (std::find(o.warnings.begin(), o.warnings.end(), d) == o.warnings.end()) found.push_back(std::move(d));
    }
    // In reading order: by file, then line.
    const auto rank = [&](const Diagnostic& d) {
        const auto f = std::find(o.files.begin(), o.files.end(), d.file);
        return std::make_pair(f - o.files.begin(), d.line);
    };
    std::stable_sort(found.begin(), found.end(),
                     [&](const Diagnostic& a, const Diagnostic& b) { return rank(a) < rank(b); });
    o.warnings.insert(o.warnings.end(), found.begin(), found.end());
}

// Parses one top-level file, collecting its errors when asked to.
void parse_collecting(const std::string& text, const std::string& file, PeerOptions& into, ParseContext& context) {
    try {
        parse_options(text, file, into, context);
    } catch (const Error& e) {
        if (!context.errors) throw;
        context.errors->push_back({e.file(), e.line(), e.message()});
    }
}

// `noip` leaves IPv6CP as the only network protocol: without +ipv6 the
// link could never carry anything.
void check_network_protocols(const PeerOptions& o, std::vector<Diagnostic>* errors) {
    if (!o.noip || o.ipv6) return;
    const auto it = o.origin.find("noip");
    if (it == o.origin.end()) return;
    const auto colon = it->second.rfind(':');
    const std::string file = it->second.substr(0, colon);
    const int line = std::atoi(it->second.c_str() + colon + 1);
    const std::string message = "noip needs +ipv6: no network protocol is left";
    if (!errors) throw Error(file, line, message);
    errors->push_back({file, line, message});
}

PeerOptions load(const std::string& config_dir, const std::string& name, const FileLoader& loader,
                 std::vector<Diagnostic>* errors) {
    const std::string dir = strip_slashes(config_dir);
    const std::string peers = dir + "/peers";
    const auto error = [&](const std::string& file, const std::string& message) {
        if (!errors) throw Error(file, 0, message);
        errors->push_back({file, 0, message});
    };
    PeerOptions options;
    if (!valid_peer_name(name)) {
        error(peers, "invalid peer name '" + name + "'");
        return options;
    }
    ParseContext context;
    context.config_dir = dir;
    context.load = loader;
    context.errors = errors;

    const std::string global = dir + "/options";
    if (auto text = loader(global)) {
        options.files.push_back(global);
        context.precedence = Precedence::ConfigFile;
        context.stack = {global};
        parse_collecting(*text, global, options, context);
    } else {
        options.warnings.push_back({global, 0, "cannot read " + global +
                                                   " (pppd reads it before every peer; create it, empty if need be)"});
    }

    const std::string peer = peers + "/" + name;
    auto text = loader(peer);
    if (!text) {
        error(peer, "no such peer '" + name + "' (cannot read " + peer + ")");
        return options;
    }
    options.files.push_back(peer);
    context.precedence = Precedence::CommandLine;
    context.stack = {peer};
    parse_collecting(*text, peer, options, context);

    // pppd reads the device's own options file last, at the precedence of a
    // configuration file: it fills in, but does not override the peer file.
    const std::string tty = tty_options_path(dir, options.device);
    if (!tty.empty()) {
        if (auto tty_text = loader(tty)) {
            options.files.push_back(tty);
            context.precedence = Precedence::ConfigFile;
            context.per_tty = true;
            context.stack = {tty};
            parse_collecting(*tty_text, tty, options, context);
        }
    }
    check_network_protocols(options, errors);
    add_support_warnings(options);
    return options;
}

}  // namespace

void parse_options(std::string_view text, const std::string& file, PeerOptions& into, ParseContext& context) {
    const auto tokens = tokenize(text, file);
    Reader(tokens, file, into, context).run();
}

void parse_options(std::string_view text, const std::string& file, PeerOptions& into) {
    ParseContext context;
    parse_options(text, file, into, context);
    add_support_warnings(into);
}

std::string map_config_path(const std::string& path, const std::string& config_dir) {
    constexpr std::string_view kEtcPpp = "/etc/ppp";
    const std::string dir = strip_slashes(config_dir);
    if (dir == kEtcPpp || !starts_with(path, kEtcPpp)) return path;
    if (path.size() == kEtcPpp.size()) return dir;
    if (path[kEtcPpp.size()] != '/') return path;  // /etc/pppx is another directory
    return dir + path.substr(kEtcPpp.size());
}

std::string tty_options_path(const std::string& config_dir, const std::string& device) {
    std::string dev = device;
    if (const auto at = dev.find("/dev/"); at != std::string::npos) dev = dev.substr(at + 5);
    if (dev.empty() || dev == "tty") return "";
    std::replace(dev.begin(), dev.end(), '/', '.');
    return strip_slashes(config_dir) + "/options." + dev;
}

bool valid_peer_name(const std::string& name) {
    if (name.empty() || name.size() > kMaxName || name[0] == '.') return false;
    return std::none_of(name.begin(), name.end(),
                        [](char c) { return c == '/' || static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

PeerOptions load_peer(const std::string& config_dir, const std::string& name, const FileLoader& loader) {
    return load(config_dir, name, loader, nullptr);
}

PeerOptions load_peer(const std::string& config_dir, const std::string& name, const FileLoader& loader,
                      std::vector<Diagnostic>& errors) {
    return load(config_dir, name, loader, &errors);
}

std::vector<Effective> effective_options(const PeerOptions& options) {
    std::vector<Effective> out;
    for (const OptionDef& def : option_table()) {
        const auto it = options.origin.find(std::string(def.name));
        if (it == options.origin.end()) continue;
        std::string value = def.show(options);
        if (def.support == Support::Refused) value = "refused";
        out.push_back({std::string(def.name), std::move(value), it->second});
    }
    return out;
}

}  // namespace ppp::config
