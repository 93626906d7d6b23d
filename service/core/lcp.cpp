#include "core/lcp.hpp"

#include <algorithm>
#include <cstdio>

#include "core/frame.hpp"

namespace ppp {
namespace {
constexpr std::uint8_t kOptMru = 1;
constexpr std::uint8_t kOptAccm = 2;
constexpr std::uint8_t kOptAuth = 3;
constexpr std::uint8_t kOptQuality = 4;
constexpr std::uint8_t kOptMagic = 5;
constexpr std::uint8_t kOptPfc = 7;
constexpr std::uint8_t kOptAcfc = 8;
constexpr std::uint16_t kMinMru = 128;
constexpr int kMaxMagicCollisions = 5;

FsmConfig fsm_config(const SessionConfig& c) {
    return FsmConfig{c.restart, c.max_configure, c.max_terminate, c.max_failure, c.passive, c.silent};
}

std::string hex32(std::uint32_t v) {
    char b[16];
    std::snprintf(b, sizeof b, "0x%x", v);
    return b;
}
}  // namespace

Lcp::Lcp(const SessionConfig& config, FsmOutput& output, LcpEvents& events)
    : config_(config), events_(events), fsm_(proto::kLcp, "LCP", fsm_config(config), *this, output),
      random_(config.magic_seed) {}

void Lcp::reset_options() {
    want_ = Wants{};
    want_.mru = config_.negotiate_mru && config_.mru != 1500;
    want_.pfc = config_.pfc;
    want_.acfc = config_.acfc;
    want_.magic = config_.magic;
    want_.accm = config_.accm;
    asking_ = LcpValues{};
    asking_.mru = config_.mru;
    asking_.accm = config_.asyncmap;
    asking_.magic = random_.next();
    if (asking_.magic == 0) asking_.magic = 1;
    ours_ = LcpValues{};
    theirs_ = LcpValues{};
    magic_collisions_ = 0;
    auth_candidates_ = config_.auth.require;
    want_.auth = !auth_candidates_.empty();
    if (want_.auth) asking_.auth = auth_candidates_.front();
    auth_peer_asked_.clear();
    auth_peer_offered_.clear();
    auth_rejected_ = false;
    fsm_.set_peer_mru(1500);  // until the peer says otherwise
}

void Lcp::build_request(std::vector<std::uint8_t>& out) {
    if (want_.mru) put_option_u16(kOptMru, asking_.mru, out);
    if (want_.accm) put_option_u32(kOptAccm, asking_.accm, out);
    if (want_.auth) put_option(kOptAuth, auth::option_value(asking_.auth), out);
    if (want_.magic) put_option_u32(kOptMagic, asking_.magic, out);
    if (want_.pfc) put_option(kOptPfc, Bytes{}, out);
    if (want_.acfc) put_option(kOptAcfc, Bytes{}, out);
}

std::uint8_t Lcp::judge_request(const std::vector<Option>& options, bool reject_only,
                                std::vector<std::uint8_t>& reply) {
    std::vector<std::uint8_t> naks, rejects;
    LcpValues peer{};
    fsm_.set_peer_mru(1500);  // the default, unless this request says otherwise
    for (const auto& o : options) {
        const std::size_t len = o.value.size();
        switch (o.type) {
            case kOptMru:
                if (len != 2 || !config_.negotiate_mru) break;
                peer.mru = get_u16(o.value);
                // Our reply to this request already respects the MRU it asks for.
                fsm_.set_peer_mru(std::max(peer.mru, kMinMru));
                if (peer.mru < kMinMru) {
                    if (reject_only) put_option(o.type, o.value, rejects);
                    else put_option_u16(kOptMru, kMinMru, naks);
                }
                continue;
            case kOptAccm:
                if (len != 4 || !config_.accm) break;
                peer.accm = get_u32(o.value);
                continue;
            case kOptMagic:
                if (len != 4 || !config_.magic) break;
                peer.magic = get_u32(o.value);
                if (peer.magic == 0 || (want_.magic && peer.magic == asking_.magic)) {
                    if (peer.magic != 0) note_own_magic_seen();
                    if (reject_only) put_option(o.type, o.value, rejects);
                    else put_option_u32(kOptMagic, random_.next() | 1u, naks);
                }
                continue;
            case kOptPfc:
                if (len != 0 || !config_.pfc) break;
                peer.pfc = true;
                continue;
            case kOptAcfc:
                if (len != 0 || !config_.acfc) break;
                peer.acfc = true;
                continue;
            case kOptAuth:
                if (judge_auth(o, reject_only, peer, naks)) continue;
                break;
            case kOptQuality:
            default: break;
        }
        // Unknown, unsupported, disabled by configuration or malformed-length
        // option: reject it as received.
        put_option(o.type, o.value, rejects);
    }
    const std::uint8_t verdict = configure_verdict(naks, rejects, reply);
    if (verdict == code::kConfAck) theirs_ = peer;
    return verdict;
}

bool Lcp::handle_ack(const std::vector<Option>&) {
    ours_ = LcpValues{};
    ours_.mru = want_.mru ? asking_.mru : 1500;
    ours_.accm = want_.accm ? asking_.accm : 0xffffffff;
    ours_.magic = want_.magic ? asking_.magic : 0;
    ours_.pfc = want_.pfc;
    ours_.acfc = want_.acfc;
    ours_.auth = want_.auth ? asking_.auth : auth::Method::None;
    return true;
}

bool Lcp::handle_nak(const std::vector<Option>& options) {
    // A Nak with a known option of the wrong size is invalid as a whole.
    for (const auto& o : options) {
        const std::size_t size = o.value.size();
        if ((o.type == kOptMru && size != 2) || (o.type == kOptAccm && size != 4) ||
            (o.type == kOptMagic && size != 4) || (o.type == kOptAuth && size < 2))
            return false;
    }
    for (const auto& o : options) {
        switch (o.type) {
            case kOptMru: {
                // Take a suggestion we can receive (up to the default or what
                // we asked for); otherwise stop asking and use the default.
                // Without MRU negotiation (default-mru) only a peer that
                // cannot take 1500 makes us ask, for less, as pppd does.
                const std::uint16_t v = get_u16(o.value);
                const std::uint16_t most = config_.negotiate_mru ? std::max<std::uint16_t>(config_.mru, 1500) : 1499;
                if (v >= kMinMru && v <= most) {
                    asking_.mru = v;
                    want_.mru = v != 1500;
                } else {
                    want_.mru = false;
                }
                break;
            }
            case kOptAccm: asking_.accm |= get_u32(o.value); break;
            case kOptMagic:
                note_own_magic_seen();
                asking_.magic = random_.next() | 1u;
                break;
            case kOptAuth: auth_nak(o); break;
            default: break;  // a Nak may suggest options we did not ask for; ignore them
        }
    }
    return true;
}

bool Lcp::handle_reject(const std::vector<Option>& options) {
    for (const auto& o : options) {
        switch (o.type) {
            case kOptMru: want_.mru = false; break;
            case kOptAccm: want_.accm = false; break;
            case kOptMagic: want_.magic = false; break;
            case kOptPfc: want_.pfc = false; break;
            case kOptAcfc: want_.acfc = false; break;
            case kOptAuth:
                // The peer will not authenticate itself: the session decides
                // whether that is acceptable (it is not when we require it).
                want_.auth = false;
                auth_rejected_ = true;
                break;
            default: return false;  // we never asked for it
        }
    }
    return true;
}

// ---- Authentication-Protocol

namespace {
// The order we Nak with as authenticatee: pppd's (EAP, then the CHAP
// algorithms in the order of its CHAP_DIGEST: MD5, MS-CHAPv2, MS-CHAP; then PAP).
constexpr auth::Method kOurPreference[] = {auth::Method::EapMd5, auth::Method::ChapMd5, auth::Method::MsChapV2,
                                           auth::Method::MsChap, auth::Method::Pap};

const char* refuse_option(auth::Method m) {
    switch (m) {
        case auth::Method::Pap: return "refuse-pap";
        case auth::Method::ChapMd5: return "refuse-chap";
        case auth::Method::MsChap: return "refuse-mschap";
        case auth::Method::MsChapV2: return "refuse-mschap-v2";
        case auth::Method::EapMd5: return "refuse-eap";
        case auth::Method::None: break;
    }
    return "";
}

std::string join(const std::vector<std::string>& words) {
    std::string out;
    for (const auto& w : words) out += (out.empty() ? "" : ", ") + w;
    return out;
}

void add_unique(std::vector<std::vector<std::uint8_t>>& list, Bytes value) {
    std::vector<std::uint8_t> v(value.begin(), value.end());
    if (std::find(list.begin(), list.end(), v) == list.end()) list.push_back(std::move(v));
}
}  // namespace

std::optional<auth::Method> Lcp::preferred_auth() const {
    for (auto m : kOurPreference)
        if (auth::can_authenticate(config_.auth, m, config_.auth.remote_name)) return m;
    return std::nullopt;
}

bool Lcp::judge_auth(const Option& o, bool reject_only, LcpValues& peer, std::vector<std::uint8_t>& naks) {
    if (o.value.size() < 2) return false;  // malformed: rejected
    const auto m = auth::method_of_option(o.value);
    if (m && auth::can_authenticate(config_.auth, *m, config_.auth.remote_name)) {
        peer.auth = *m;
        return true;
    }
    add_unique(auth_peer_asked_, o.value);
    const auto best = preferred_auth();
    if (!best || reject_only) return false;
    put_option(kOptAuth, auth::option_value(*best), naks);
    return true;
}

void Lcp::auth_nak(const Option& o) {
    if (!want_.auth) return;  // a suggestion for something we did not ask for
    add_unique(auth_peer_offered_, o.value);
    const auto m = auth::method_of_option(o.value);
    if (m && std::find(auth_candidates_.begin(), auth_candidates_.end(), *m) != auth_candidates_.end()) {
        asking_.auth = *m;
        return;
    }
    // Not one we accept: ask for the next one we do, until none is left.
    std::erase(auth_candidates_, asking_.auth);
    if (auth_candidates_.empty()) {
        want_.auth = false;
    } else {
        asking_.auth = auth_candidates_.front();
    }
}

std::string Lcp::auth_we_cannot() const {
    if (auth_peer_asked_.empty()) return "";
    std::vector<std::string> asked, why;
    for (const auto& v : auth_peer_asked_) {
        asked.push_back(auth::describe_option_value(v));
        const auto m = auth::method_of_option(v);
        if (!m) why.push_back(asked.back() + " is not supported");
        else if (config_.auth.refuses(*m)) why.push_back(asked.back() + " is refused by " + refuse_option(*m));
        else why.push_back("no secret for " + asked.back() + " as "" + config_.auth.user + """);
    }
    std::vector<std::string> can;
    for (auto m : kOurPreference)
        if (auth::can_authenticate(config_.auth, m, config_.auth.remote_name)) can.emplace_back(auth::to_string(m));
    return "No common authentication protocol: the peer requires " + join(asked) + ", we can do " +
           (can.empty() ? std::string("none") : join(can)) + " (" + join(why) + ")";
}

std::string Lcp::auth_peer_refused() const {
    if (config_.auth.require.empty() || ours_.auth != auth::Method::None) return "";
    std::vector<std::string> ours;
    for (auto m : config_.auth.require) ours.emplace_back(auth::to_string(m));
    if (auth_rejected_ || auth_peer_offered_.empty())
        return "The peer refused to authenticate itself (we require " + join(ours) + ")";
    std::vector<std::string> offered;
    for (const auto& v : auth_peer_offered_) offered.push_back(auth::describe_option_value(v));
    return "No common authentication protocol: we require " + join(ours) + ", the peer offers " + join(offered);
}

void Lcp::note_own_magic_seen() {
    if (++magic_collisions_ >= kMaxMagicCollisions) {
        events_.lcp_fatal(ExitStatus::Loopback, "Serial line is looped back");
    }
}

void Lcp::layer_up() {
    echos_pending_ = 0;
    traffic_seen_ = false;
    magic_collisions_ = 0;
    echo_deadline_.reset();
    if (config_.echo_interval.count() > 0) echo_deadline_ = fsm_.now() + config_.echo_interval;
    events_.lcp_up();
}

void Lcp::layer_down() {
    echo_deadline_.reset();
    events_.lcp_down();
}

void Lcp::layer_started() { events_.lcp_starting(); }
void Lcp::layer_finished() { events_.lcp_finished(); }

void Lcp::tick(Time now) {
    fsm_.tick(now);
    if (fsm_.state() != FsmState::Opened || config_.echo_interval.count() <= 0) {
        echo_deadline_.reset();
        return;
    }
    if (!echo_deadline_ || now < *echo_deadline_) return;
    if (config_.echo_adaptive && traffic_seen_) {
        // The peer sent something since the last request: it is alive.
        traffic_seen_ = false;
        echos_pending_ = 0;
        echo_deadline_ = now + config_.echo_interval;
        return;
    }
    if (config_.echo_failure > 0 && echos_pending_ >= config_.echo_failure) {
        echo_deadline_.reset();
        events_.lcp_fatal(ExitStatus::PeerDead,
                          "No response to " + std::to_string(echos_pending_) + " echo-requests");
        return;
    }
    send_echo(now);
}

void Lcp::send_echo(Time now) {
    std::vector<std::uint8_t> data;
    const std::uint32_t m = ours_.magic;
    data = {static_cast<std::uint8_t>(m >> 24), static_cast<std::uint8_t>(m >> 16), static_cast<std::uint8_t>(m >> 8),
            static_cast<std::uint8_t>(m)};
    ++echos_pending_;
    traffic_seen_ = false;
    fsm_.send_extra(code::kEchoReq, data);
    echo_deadline_ = now + config_.echo_interval;
}

std::optional<Time> Lcp::next_deadline() const {
    auto d = fsm_.next_deadline();
    if (echo_deadline_ && (!d || *echo_deadline_ < *d)) d = echo_deadline_;
    return d;
}

bool Lcp::handle_extra_code(Time now, const Packet& p) {
    switch (p.code) {
        case code::kEchoReq:
            if (fsm_.state() != FsmState::Opened) return true;
            if (p.data.size() < 4) {
                fsm_.count_malformed();
                return true;
            }
            if (ours_.magic != 0 && get_u32(p.data) == ours_.magic) {
                events_.lcp_fatal(ExitStatus::Loopback, "Serial line is looped back (echo with our magic number)");
                return true;
            }
            {
                std::vector<std::uint8_t> reply(p.data.begin(), p.data.end());
                const std::uint32_t m = ours_.magic;
                reply[0] = static_cast<std::uint8_t>(m >> 24);
                reply[1] = static_cast<std::uint8_t>(m >> 16);
                reply[2] = static_cast<std::uint8_t>(m >> 8);
                reply[3] = static_cast<std::uint8_t>(m);
                // Echo-Reply carries the request's identifier.
                fsm_.send_reply(code::kEchoRep, p.id, reply);
            }
            return true;
        case code::kEchoRep:
            if (p.data.size() >= 4 && ours_.magic != 0 && get_u32(p.data) == ours_.magic) {
                events_.lcp_fatal(ExitStatus::Loopback, "Serial line is looped back (echo reply with our magic number)");
                return true;
            }
            echos_pending_ = 0;
            return true;
        case code::kDiscardReq: return true;
        case code::kProtoRej:
            if (p.data.size() < 2) {
                fsm_.count_malformed();
                return true;
            }
            if (fsm_.state() == FsmState::Opened && on_protocol_reject) on_protocol_reject(now, get_u16(p.data));
            return true;
        default: return false;
    }
}

void Lcp::reject_protocol(std::uint16_t protocol, Bytes info) {
    if (fsm_.state() != FsmState::Opened) return;
    std::vector<std::uint8_t> data{static_cast<std::uint8_t>(protocol >> 8), static_cast<std::uint8_t>(protocol)};
    const std::size_t room = theirs_.mru > 6 ? theirs_.mru - 6u : 0u;
    data.insert(data.end(), info.begin(), info.begin() + static_cast<std::ptrdiff_t>(std::min(room, info.size())));
    fsm_.send_extra(code::kProtoRej, data);
}

std::string Lcp::describe_option(const Option& o) const {
    switch (o.type) {
        case kOptMru: return o.value.size() == 2 ? "<mru " + std::to_string(get_u16(o.value)) + ">" : "<mru ?>";
        case kOptAccm: return o.value.size() == 4 ? "<asyncmap " + hex32(get_u32(o.value)) + ">" : "<asyncmap ?>";
        case kOptMagic: return o.value.size() == 4 ? "<magic " + hex32(get_u32(o.value)) + ">" : "<magic ?>";
        case kOptAuth: return "<auth " + auth::describe_option_value(o.value) + ">";
        case kOptPfc: return "<pcomp>";
        case kOptAcfc: return "<accomp>";
        default: return "<option " + std::to_string(o.type) + " " + hex(o.value) + ">";
    }
}

}  // namespace ppp
