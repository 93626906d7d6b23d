// Loading secrets files: a missing file is empty; in service mode a file not
// owned by root or open to group/others is refused with an error naming the
// file and the fix; @/path secret files get the same check.
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "io/secrets_file.hpp"

namespace ppp::io {
namespace {

namespace fs = std::filesystem;

constexpr uid_t kNobody = 65534;

class SecretsFileTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string tmpl = ::testing::TempDir() + "pppkit-secrets-XXXXXX";
        ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
        dir_ = tmpl;
    }
    void TearDown() override { fs::remove_all(dir_); }

    // Writes `contents` to NAME with `mode` (owned by whoever runs the test).
    std::string write(const std::string& name, const std::string& contents, mode_t mode) {
        const std::string p = (dir_ / name).string();
        {
            std::ofstream out(p, std::ios::binary);
            out << contents;
        }
        EXPECT_EQ(::chmod(p.c_str(), mode), 0);
        return p;
    }

    // The config::Error load_secrets_file throws, or "" when it does not.
    static std::string refusal(const std::string& p, bool enforce = true) {
        try {
            load_secrets_file(p, enforce);
        } catch (const config::Error& e) {
            EXPECT_EQ(e.file(), p);
            EXPECT_EQ(e.line(), 0);
            EXPECT_EQ(std::string(e.what()).find("s3cret"), std::string::npos) << "an error shows the secret";
            return e.what();
        }
        return "";
    }

    static bool root() { return ::geteuid() == 0; }

    fs::path dir_;
};

const char kFile[] = "# client\tserver\tsecret\tIP addresses\nalice\t*\ts3cret\t*\n";

TEST_F(SecretsFileTest, MissingFileIsEmpty) {
    const auto r = load_secrets_file((dir_ / "chap-secrets").string(), true);
    EXPECT_TRUE(r.entries.empty());
    EXPECT_TRUE(r.errors.empty());
    EXPECT_TRUE(load_secrets_file((dir_ / "no-dir/chap-secrets").string(), true).entries.empty());
}

TEST_F(SecretsFileTest, PrivateRootFileLoads) {
    if (!root()) GTEST_SKIP() << "needs root: the file must be owned by root";
    const auto p = write("chap-secrets", kFile, 0600);
    const auto r = load_secrets_file(p, true);
    ASSERT_EQ(r.entries.size(), 1u);
    EXPECT_EQ(r.entries[0].secret, "s3cret");
    EXPECT_EQ(r.entries[0].file, p);
    EXPECT_EQ(r.entries[0].line, 2);
    // Read-only for root is private too.
    ASSERT_EQ(::chmod(p.c_str(), 0400), 0);
    EXPECT_EQ(load_secrets_file(p, true).entries.size(), 1u);
}

TEST_F(SecretsFileTest, GroupOrWorldAccessIsRefused) {
    if (!root()) GTEST_SKIP() << "needs root: a non-root owner is refused before the mode is looked at";
    for (const mode_t mode : {0644, 0640, 0604, 0660, 0620, 0602, 0610}) {
        const auto p = write("pap-secrets", kFile, mode);
        const std::string err = refusal(p);
        SCOPED_TRACE(err);
        ASSERT_FALSE(err.empty()) << "mode " << std::oct << mode << " was accepted";
        EXPECT_EQ(err.rfind(p + ":0: ", 0), 0u);
        EXPECT_NE(err.find("run: chmod 600 " + p), std::string::npos);
        EXPECT_NE(err.find(mode & 044 ? "readable by group or others" : "by group or others"), std::string::npos);
    }
}

TEST_F(SecretsFileTest, NotOwnedByRootIsRefused) {
    const auto p = write("chap-secrets", kFile, 0600);
    if (root()) {
        ASSERT_EQ(::chown(p.c_str(), kNobody, kNobody), 0);
    }
    const std::string err = refusal(p);
    SCOPED_TRACE(err);
    ASSERT_FALSE(err.empty());
    EXPECT_NE(err.find("not root"), std::string::npos);
    EXPECT_NE(err.find("chown root:root " + p + " && chmod 600 " + p), std::string::npos);
}

TEST_F(SecretsFileTest, NotEnforcingReadsAnyFile) {
    const auto p = write("chap-secrets", kFile, 0644);
    if (root()) {
        ASSERT_EQ(::chown(p.c_str(), kNobody, kNobody), 0);
    }
    EXPECT_EQ(refusal(p, false), "");
    EXPECT_EQ(load_secrets_file(p, false).entries.size(), 1u);
}

TEST_F(SecretsFileTest, IndirectSecretFileIsCheckedToo) {
    if (!root()) GTEST_SKIP() << "needs root: files must be owned by root";
    const auto good = write("good.pw", "from-file\n", 0600);
    const auto open = write("open.pw", "s3cret\n", 0644);
    const auto p = write("chap-secrets", "alice\t*\t@" + good + "\t*\nbob\t*\t@" + open + "\t*\n", 0600);
    const auto r = load_secrets_file(p, true);
    ASSERT_EQ(r.entries.size(), 1u);
    EXPECT_EQ(r.entries[0].client, "alice");
    EXPECT_EQ(r.entries[0].secret, "from-file");
    ASSERT_EQ(r.errors.size(), 1u);
    const std::string err = r.errors[0].what();
    EXPECT_EQ(r.errors[0].file(), p);
    EXPECT_EQ(r.errors[0].line(), 2);
    EXPECT_NE(err.find("run: chmod 600 " + open), std::string::npos) << err;
    EXPECT_EQ(err.find("s3cret"), std::string::npos) << err;
    // Without enforcement the open file is read.
    EXPECT_EQ(load_secrets_file(p, false).entries.size(), 2u);
}

TEST_F(SecretsFileTest, DirectoryIsAnError) {
    fs::create_directory(dir_ / "chap-secrets");
    const std::string err = refusal((dir_ / "chap-secrets").string(), false);
    EXPECT_NE(err.find("not a regular file"), std::string::npos) << err;
}

TEST_F(SecretsFileTest, UnreadableFileIsAnError) {
    const auto p = write("chap-secrets", kFile, 0);
    if (!root()) {
        EXPECT_NE(refusal(p, false).find("cannot open " + p), std::string::npos);
        return;
    }
    // Root reads any file: check as an unprivileged user in a child process.
    ASSERT_EQ(::chmod(dir_.c_str(), 0755), 0);
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        if (::setresgid(kNobody, kNobody, kNobody) != 0 || ::setresuid(kNobody, kNobody, kNobody) != 0) ::_exit(2);
        try {
            load_secrets_file(p, false);
        } catch (const config::Error& e) {
            ::_exit(std::string(e.what()).find("cannot open " + p + ": Permission denied") != std::string::npos ? 0 : 3);
        }
        ::_exit(1);
    }
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0) << "1 = read an unreadable file, 2 = could not drop privileges, 3 = wrong message";
}

}  // namespace
}  // namespace ppp::io
