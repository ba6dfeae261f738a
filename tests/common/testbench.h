// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#ifndef WECHATLOGIN_TESTBENCH_H
#define WECHATLOGIN_TESTBENCH_H

// Qt
#include <QList>

#include <algorithm>

namespace WeChatLogin::Test {

// The benchmarks' median: the upper middle of an even count; 0 for none.
inline double median(QList<double> values)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    return values.at(values.size() / 2);
}

} // namespace WeChatLogin::Test

#endif
