// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers

#include "signinflows_p.h"

// Qt
#include <QTest>

using namespace WeChatLogin;
using Match = SignInFlows::Match;

class tst_SignInFlows : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void oneFlowAtATime()
    {
        SignInFlows flows;
        QVERIFY(!flows.isActive());
        QCOMPARE(flows.match(QStringLiteral("S1")), Match::Unknown);
        flows.begin(QStringLiteral("v1"));
        QVERIFY(flows.isActive());
        QCOMPARE(flows.verifier(), QStringLiteral("v1"));
        QCOMPARE(flows.match(QStringLiteral("S1")), Match::NotLearned);
        flows.learnState(QStringLiteral("S1"));
        flows.learnState(QStringLiteral("S-other")); // the first one learned stays
        QCOMPARE(flows.state(), QStringLiteral("S1"));
        QCOMPARE(flows.match(QStringLiteral("S1")), Match::Current);
        QCOMPARE(flows.match(QStringLiteral("S-other")), Match::Unknown);
        QCOMPARE(flows.match(QString()), Match::Unknown);
    }
    void renewalSupersedesAndDropsTheVerifier()
    {
        SignInFlows flows;
        flows.begin(QStringLiteral("v1"));
        flows.learnState(QStringLiteral("S1"));
        flows.begin(QStringLiteral("v2")); // renewed
        QCOMPARE(flows.verifier(), QStringLiteral("v2"));
        QCOMPARE(flows.match(QStringLiteral("S1")), Match::Superseded);
        flows.learnState(QStringLiteral("S1")); // a superseded state never becomes current
        QCOMPARE(flows.state(), QString());
        flows.learnState(QStringLiteral("S2"));
        QCOMPARE(flows.match(QStringLiteral("S2")), Match::Current);
        QCOMPARE(flows.match(QStringLiteral("S1")), Match::Superseded);
    }
    void endDropsEverything()
    {
        SignInFlows flows;
        flows.begin(QStringLiteral("v1"));
        flows.learnState(QStringLiteral("S1"));
        flows.end();
        QVERIFY(!flows.isActive());
        QCOMPARE(flows.verifier(), QString());
        QCOMPARE(flows.match(QStringLiteral("S1")), Match::Superseded);
        flows.learnState(QStringLiteral("S9")); // no flow: nothing to learn
        QCOMPARE(flows.state(), QString());
    }
    void implicitFlowHasNoVerifier()
    {
        SignInFlows flows;
        flows.begin(QString());
        QVERIFY(flows.isActive());
        QCOMPARE(flows.verifier(), QString());
    }
    void remembersABoundedNumberOfFlows()
    {
        SignInFlows flows;
        for (int i = 0; i <= SignInFlows::RememberedFlows + 1; ++i) {
            flows.begin(QStringLiteral("v%1").arg(i));
            flows.learnState(QStringLiteral("S%1").arg(i));
        }
        flows.end();
        QCOMPARE(flows.match(QStringLiteral("S0")), Match::Unknown); // forgotten
        QCOMPARE(flows.match(QStringLiteral("S%1").arg(SignInFlows::RememberedFlows + 1)),
                 Match::Superseded);
    }
};

QTEST_APPLESS_MAIN(tst_SignInFlows)
#include "tst_signinflows.moc"
