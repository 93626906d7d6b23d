#include "traffic_graph.hpp"

#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <utility>

#include "presentation.hpp"

namespace pppkit::tray {

TrafficGraph::TrafficGraph(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("trafficGraph"));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setMinimumHeight(60);
}

void TrafficGraph::clear() {
    rx_.clear();
    tx_.clear();
    primed_ = false;
    update();
}

void TrafficGraph::addCounters(quint64 rxBytes, quint64 txBytes) {
    // Counters restart at 0 with every connection: no negative spike.
    if (primed_ && rxBytes >= lastRx_ && txBytes >= lastTx_) {
        rx_.append(static_cast<double>(rxBytes - lastRx_));
        tx_.append(static_cast<double>(txBytes - lastTx_));
        if (rx_.size() > kSamples) rx_.removeFirst();
        if (tx_.size() > kSamples) tx_.removeFirst();
    }
    lastRx_ = rxBytes;
    lastTx_ = txBytes;
    primed_ = true;
    update();
}

void TrafficGraph::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QRectF area = QRectF(rect()).adjusted(1, 1, -1, -1);
    p.fillRect(area, palette().base());
    p.setPen(QPen(palette().mid().color(), 1));
    p.drawRect(area);

    double peak = 256;  // the scale never goes below 256 B/s
    for (double v : rx_) peak = std::max(peak, v);
    for (double v : tx_) peak = std::max(peak, v);

    // The legend takes the top line; the plot the rest.
    const QFontMetrics fm(font());
    const double plotHeight = area.height() - fm.height() - 8;
    const auto plot = [&](const QVector<double>& values, const QColor& color) {
        if (values.size() < 2) return;
        QPainterPath path;
        const double step = area.width() / (kSamples - 1);
        const double x0 = area.right() - step * static_cast<double>(values.size() - 1);
        for (qsizetype i = 0; i < values.size(); ++i) {
            const QPointF pt(x0 + step * static_cast<double>(i), area.bottom() - values[i] / peak * plotHeight);
            if (i == 0)
                path.moveTo(pt);
            else
                path.lineTo(pt);
        }
        p.setPen(QPen(color, 2));
        p.drawPath(path);
    };
    const QColor rxColor(0x2e, 0x86, 0xde), txColor(0xe6, 0x7e, 0x22);
    plot(rx_, rxColor);
    plot(tx_, txColor);

    // Legend: the scale on the left, the two colours on the right.
    const qreal baseline = area.top() + 3 + fm.ascent();
    p.setPen(palette().text().color());
    p.drawText(QPointF(area.left() + 5, baseline), tr("peak %1").arg(Presentation::formatRate(peak)));
    qreal x = area.right() - 5;
    for (const auto& [label, color] : {std::pair{tr("sent"), txColor}, std::pair{tr("received"), rxColor}}) {
        x -= fm.horizontalAdvance(label);
        p.setPen(palette().text().color());
        p.drawText(QPointF(x, baseline), label);
        x -= 14;
        p.fillRect(QRectF(x, baseline - fm.ascent() / 2.0 - 1, 10, 4), color);
        x -= 12;
    }
}

}  // namespace pppkit::tray
