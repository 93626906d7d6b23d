#include "status_window.hpp"

#include <QComboBox>
#include <QDateTime>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>
#include <algorithm>

#include "link_model.hpp"
#include "presentation.hpp"
#include "service_client.hpp"
#include "traffic_graph.hpp"

namespace pppkit::tray {

namespace {
// Rows in display order, by the property (or derived value) they show.
const char* const kRows[] = {"State",         "StateReason",   "Device",        "Speed",     "Interface",
                             "LocalAddress",  "RemoteAddress", "LocalAddress6", "DNS",       "MTU",
                             "AuthProtocol",  "ConnectedSince", "RxBytes",      "TxBytes"};
const QString kDash = QStringLiteral("—");

QString orDash(const QString& s) { return s.isEmpty() ? kDash : s; }
}  // namespace

StatusWindow::StatusWindow(LinkModel* model, ServiceClient* client, QWidget* parent)
    : QWidget(parent, Qt::Window), model_(model), client_(client) {
    setObjectName(QStringLiteral("statusWindow"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/pppkit.svg")));
    auto* top = new QVBoxLayout(this);

    selector_ = new QComboBox(this);
    selector_->setObjectName(QStringLiteral("linkSelector"));
    selector_->setModel(model);
    top->addWidget(selector_);

    form_ = new QFormLayout;
    form_->setLabelAlignment(Qt::AlignRight);
    for (const char* row : kRows) addRow(QLatin1String(row));
    top->addLayout(form_);

    trafficCaption_ = new QLabel(this);
    top->addWidget(trafficCaption_);
    graph_ = new TrafficGraph(this);
    top->addWidget(graph_);

    logCaption_ = new QLabel(this);
    top->addWidget(logCaption_);
    log_ = new QPlainTextEdit(this);
    log_->setObjectName(QStringLiteral("logView"));
    log_->setReadOnly(true);
    log_->setMaximumBlockCount(LinkModel::kLogLimit);
    // Wrapped: long lines (paths, resolv.conf notes) stay readable without scrolling sideways.
    log_->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    log_->setFont(QFont(QStringLiteral("monospace")));
    top->addWidget(log_, 1);

    auto* buttons = new QHBoxLayout;
    connect_ = new QPushButton(this);
    connect_->setObjectName(QStringLiteral("connectButton"));
    disconnect_ = new QPushButton(this);
    disconnect_->setObjectName(QStringLiteral("disconnectButton"));
    close_ = new QPushButton(this);
    buttons->addWidget(connect_);
    buttons->addWidget(disconnect_);
    buttons->addStretch(1);
    buttons->addWidget(close_);
    top->addLayout(buttons);

    connect(connect_, &QPushButton::clicked, this, [this] {
        if (client_ && !path_.isEmpty()) client_->connectLink(path_);
    });
    connect(disconnect_, &QPushButton::clicked, this, [this] {
        if (client_ && !path_.isEmpty()) client_->disconnectLink(path_);
    });
    connect(close_, &QPushButton::clicked, this, &QWidget::close);
    connect(selector_, &QComboBox::currentIndexChanged, this, [this](int row) {
        const QString path = model_->pathAt(row);
        if (path != path_) showLink(path);
    });
    connect(model, &LinkModel::linkChanged, this, [this](const QString& path) {
        if (path_.isEmpty() && model_->rowCount() > 0) showLink(model_->pathAt(0));
        if (path == path_) refresh();
    });
    connect(model, &QAbstractItemModel::rowsRemoved, this, [this] {
        if (!model_->contains(path_)) showLink(model_->pathAt(0));
    });
    connect(model, &LinkModel::logReset, this, [this](const QString& path) {
        if (path == path_) reloadLog();
    });
    connect(model, &LinkModel::logAppended, this, [this](const QString& path, const QString& line) {
        if (path == path_) log_->appendPlainText(line);
    });
    timer_.setInterval(1000);
    connect(&timer_, &QTimer::timeout, this, &StatusWindow::sample);
    timer_.start();

    retranslate();
    resize(520, 640);
    showLink(model->pathAt(0));
}

void StatusWindow::addRow(const QString& key) {
    auto* caption = new QLabel(this);
    auto* value = new QLabel(this);
    value->setObjectName(key + QStringLiteral("Value"));
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    value->setWordWrap(true);
    labels_.insert(key, caption);
    values_.insert(key, value);
    form_->addRow(caption, value);
}

void StatusWindow::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

void StatusWindow::retranslate() {
    const QHash<QString, QString> captions{
        {QStringLiteral("State"), tr("State:")},
        {QStringLiteral("StateReason"), tr("Reason:")},
        {QStringLiteral("Device"), tr("Device:")},
        {QStringLiteral("Speed"), tr("Speed:")},
        {QStringLiteral("Interface"), tr("Interface:")},
        {QStringLiteral("LocalAddress"), tr("Local address:")},
        {QStringLiteral("RemoteAddress"), tr("Remote address:")},
        {QStringLiteral("LocalAddress6"), tr("IPv6 address:")},
        {QStringLiteral("DNS"), tr("DNS servers:")},
        {QStringLiteral("MTU"), tr("MTU:")},
        {QStringLiteral("AuthProtocol"), tr("Authentication:")},
        {QStringLiteral("ConnectedSince"), tr("Connected since:")},
        {QStringLiteral("RxBytes"), tr("Received:")},
        {QStringLiteral("TxBytes"), tr("Sent:")},
    };
    for (auto it = captions.begin(); it != captions.end(); ++it) labels_.value(it.key())->setText(it.value());
    trafficCaption_->setText(tr("Traffic (last minute):"));
    logCaption_->setText(tr("Log:"));
    connect_->setText(tr("&Connect"));
    disconnect_->setText(tr("&Disconnect"));
    close_->setText(tr("C&lose"));
    refresh();
}

void StatusWindow::showLink(const QString& path) {
    const bool other = path != path_;
    path_ = path;
    const int row = model_->rowOf(path);
    if (row >= 0 && selector_->currentIndex() != row) selector_->setCurrentIndex(row);
    if (other) {
        // The graph keeps sampling while the window is hidden; only another link starts it afresh.
        graph_->clear();
        reloadLog();
    }
    refresh();
}

void StatusWindow::reloadLog() {
    log_->clear();
    for (const auto& line : model_->log(path_)) log_->appendPlainText(line);
}

void StatusWindow::refresh() {
    const QVariantMap p = model_->properties(path_);
    const auto str = [&](const char* name) { return p.value(QLatin1String(name)).toString(); };
    const auto set = [&](const char* row, const QString& text) { values_.value(QLatin1String(row))->setText(text); };
    const QString state = str("State");
    const QString name = model_->name(path_);
    setWindowTitle(name.isEmpty() ? tr("Dial-up status") : tr("%1 — dial-up status").arg(name));

    set("State", path_.isEmpty() ? kDash : Presentation::stateText(state));
    QString reason = str("StateReason");
    const qint64 next = p.value(QStringLiteral("NextAttempt")).toLongLong();
    if (state == QLatin1String("Holdoff") && next > 0) {
        const qint64 in = (next - Presentation::nowUsec()) / 1000000;
        reason += (reason.isEmpty() ? QString() : QStringLiteral(" — ")) + tr("next attempt in %n second(s)", "", static_cast<int>(std::max<qint64>(in, 0)));
    }
    set("StateReason", orDash(reason));
    set("Device", orDash(str("Device")));
    // The line speed is not in every version of the contract: no row without it.
    const QVariant speed = p.value(QStringLiteral("Speed"));
    form_->setRowVisible(values_.value(QStringLiteral("Speed")), speed.isValid());
    set("Speed", speed.toULongLong() > 0 ? tr("%1 bit/s").arg(QLocale().toString(speed.toULongLong())) : kDash);
    const QString iface = str("Interface"), path = str("DataPath");
    set("Interface", iface.isEmpty() ? kDash : path.isEmpty() ? iface : tr("%1 (%2)").arg(iface, path));
    set("LocalAddress", orDash(str("LocalAddress")));
    set("RemoteAddress", orDash(str("RemoteAddress")));
    set("LocalAddress6", orDash(str("LocalAddress6")));
    set("DNS", orDash(p.value(QStringLiteral("DNS")).toStringList().join(QStringLiteral(", "))));
    const uint mtu = p.value(QStringLiteral("MTU")).toUInt();
    set("MTU", mtu > 0 ? QString::number(mtu) : kDash);
    const QVariant auth = p.value(QStringLiteral("AuthProtocol"));
    set("AuthProtocol", !auth.isValid() ? kDash : auth.toString().isEmpty() ? tr("none") : auth.toString());
    const qint64 since = p.value(QStringLiteral("ConnectedSince")).toLongLong();
    if (since > 0) {
        const QDateTime at = QDateTime::fromMSecsSinceEpoch(since / 1000);
        set("ConnectedSince", tr("%1 (%2)").arg(QLocale().toString(at, QLocale::ShortFormat),
                                                Presentation::formatDuration((Presentation::nowUsec() - since) / 1000000)));
    } else {
        set("ConnectedSince", kDash);
    }
    const auto bytes = [&](const char* b, const char* pk) {
        return tr("%1 (%n packet(s))", "", static_cast<int>(p.value(QLatin1String(pk)).toULongLong()))
            .arg(Presentation::formatBytes(p.value(QLatin1String(b)).toULongLong()));
    };
    set("RxBytes", bytes("RxBytes", "RxPackets"));
    set("TxBytes", bytes("TxBytes", "TxPackets"));

    const bool disconnected = state.isEmpty() || state == QLatin1String("Disconnected");
    connect_->setEnabled(!path_.isEmpty() && disconnected);
    disconnect_->setEnabled(!path_.isEmpty() && !disconnected && state != QLatin1String("Disconnecting"));
}

void StatusWindow::sample() {
    if (path_.isEmpty()) return;
    if (model_->state(path_) == QLatin1String("Running"))
        graph_->addCounters(model_->property(path_, QStringLiteral("RxBytes")).toULongLong(),
                            model_->property(path_, QStringLiteral("TxBytes")).toULongLong());
    refresh();  // the duration ticks
}

}  // namespace pppkit::tray
