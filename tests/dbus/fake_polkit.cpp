// A stand-in for polkitd on a private bus: owns org.freedesktop.PolicyKit1
// and answers org.freedesktop.PolicyKit1.Authority.CheckAuthorization from a
// file of verdicts the test can rewrite between calls, and records every
// call, so the service's side of the protocol (subject, details, flags,
// cancellation, failing closed) can be asserted exactly.
//
//   fake_polkit ANSWERS LOG
//
// ANSWERS is read again for every call; lines "ACTION-ID VERDICT" where
// VERDICT is
//   yes        authorized
//   no         not authorized
//   challenge  not authorized, authentication would be needed
//   error      answer with org.freedesktop.PolicyKit1.Error.Failed
//   hold       do not answer until CancelCheckAuthorization cancels the check
// Actions without a line get "no". LOG gets one line per call:
//   check KIND NAME ACTION peer=PEER flags=FLAGS id=CANCELLATION-ID
//   cancel CANCELLATION-ID
// Prints "ready" on stdout once it owns the name.
#include <sdbus-c++/sdbus-c++.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>

namespace {

constexpr const char* kName = "org.freedesktop.PolicyKit1";
constexpr const char* kPath = "/org/freedesktop/PolicyKit1/Authority";
constexpr const char* kInterface = "org.freedesktop.PolicyKit1.Authority";

using Subject = sdbus::Struct<std::string, std::map<std::string, sdbus::Variant>>;
using Answer = sdbus::Struct<bool, bool, std::map<std::string, std::string>>;

std::string verdict_for(const std::string& answers_file, const std::string& action) {
    std::ifstream in(answers_file);
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream words(line);
        std::string id, verdict;
        if (words >> id >> verdict && id == action) return verdict;
    }
    return "no";
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: fake_polkit ANSWERS LOG\n";
        return 2;
    }
    const std::string answers = argv[1];
    std::ofstream log(argv[2], std::ios::app);
    std::map<std::string, sdbus::Result<Answer>> held;

    auto connection = sdbus::createSystemBusConnection();
    auto object = sdbus::createObject(*connection, kPath);
    object->registerMethod("CheckAuthorization")
        .onInterface(kInterface)
        .withInputParamNames("subject", "action_id", "details", "flags", "cancellation_id")
        .withOutputParamNames("result")
        .implementedAs([&](sdbus::Result<Answer>&& result, Subject subject, std::string action,
                           std::map<std::string, std::string> details, std::uint32_t flags, std::string id) {
            std::string name = "-";
            const auto& subject_details = subject.get<1>();
            if (auto it = subject_details.find("name");
                it != subject_details.end() && it->second.containsValueOfType<std::string>())
                name = it->second.get<std::string>();
            const auto peer = details.count("peer") ? details["peer"] : std::string("-");
            log << "check " << subject.get<0>() << ' ' << name << ' ' << action << " peer=" << peer
                << " flags=" << flags << " id=" << id << std::endl;
            const auto verdict = verdict_for(answers, action);
            if (verdict == "hold") {
                held.insert_or_assign(id, std::move(result));
            } else if (verdict == "error") {
                result.returnError(sdbus::Error("org.freedesktop.PolicyKit1.Error.Failed", "fake polkit failure"));
            } else {
                result.returnResults(Answer{verdict == "yes", verdict == "challenge", {}});
            }
        });
    object->registerMethod("CancelCheckAuthorization")
        .onInterface(kInterface)
        .withInputParamNames("cancellation_id")
        .implementedAs([&](const std::string& id) {
            log << "cancel " << id << std::endl;
            if (auto it = held.find(id); it != held.end()) {
                it->second.returnError(sdbus::Error("org.freedesktop.PolicyKit1.Error.Cancelled", "cancelled"));
                held.erase(it);
            }
        });
    object->finishRegistration();
    connection->requestName(kName);
    std::cout << "ready" << std::endl;
    connection->enterEventLoop();
    return 0;
}
