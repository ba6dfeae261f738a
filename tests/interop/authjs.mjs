// SPDX-License-Identifier: BSD-3-Clause
// SPDX-FileCopyrightText: 2026 WeChatLogin developers
//
// The reference client, @supabase/auth-js, driven against the sandbox for tst_interop.
//   node authjs.mjs authorize-url <authUrl> <anonKey> <redirectTo> <scopes> [key=value...]
//   node authjs.mjs sign-in <authUrl> <anonKey> <redirectTo>      prints the session JSON
//   node authjs.mjs adopt <authUrl> <anonKey>   session JSON on stdin; prints {adopted, refreshed}
import { GoTrueClient } from '@supabase/auth-js'

function memoryStorage() {
  const items = new Map()
  return {
    getItem: (key) => (items.has(key) ? items.get(key) : null),
    setItem: (key, value) => { items.set(key, value) },
    removeItem: (key) => { items.delete(key) },
  }
}

function client(authUrl, anonKey) {
  return new GoTrueClient({
    url: `${authUrl}/auth/v1`,
    headers: { apikey: anonKey, Authorization: `Bearer ${anonKey}` },
    storageKey: 'sb-interop-auth-token',
    storage: memoryStorage(),
    flowType: 'pkce',
    autoRefreshToken: false,
    persistSession: true,
    detectSessionInUrl: false,
  })
}

function fail(message) {
  process.stderr.write(`authjs.mjs: ${message}\n`)
  process.exit(1)
}

async function get(url) {
  const response = await fetch(url, { redirect: 'manual' })
  return { status: response.status, location: response.headers.get('location'), body: await response.text() }
}

// The browser's and the phone's part of a sign-in, against the sandbox's control API.
async function followSignIn(authorizeUrl) {
  const authorize = await get(authorizeUrl)
  if (authorize.status !== 302) fail(`authorize answered ${authorize.status}: ${authorize.body}`)
  const page = await get(authorize.location)
  const uuid = /src="\/connect\/qrcode\/([A-Za-z0-9]+)"/.exec(page.body)?.[1]
  if (!uuid) fail('no QR code on the WeChat page')
  const wechat = new URL(authorize.location).origin
  const confirm = await fetch(`${wechat}/sandbox/qr/${uuid}/confirm`, { method: 'POST' })
  if (confirm.status !== 204) fail(`confirm answered ${confirm.status}`)
  const poll = await get(`${wechat}/connect/l/qrconnect?uuid=${uuid}&_=${Date.now()}`)
  const code = /wx_code='([^']*)'/.exec(poll.body)?.[1]
  const state = new URL(authorize.location).searchParams.get('state')
  const authOrigin = new URL(authorizeUrl).origin
  const callback = await get(`${authOrigin}/auth/v1/callback?code=${code}&state=${encodeURIComponent(state)}`)
  if (callback.status !== 302) fail(`callback answered ${callback.status}`)
  return new URL(callback.location)
}

const [command, authUrl, anonKey, ...rest] = process.argv.slice(2)
if (!command || !authUrl || !anonKey) fail('usage: see the header of this file')

if (command === 'authorize-url') {
  const [redirectTo, scopes, ...pairs] = rest
  const queryParams = Object.fromEntries(pairs.map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)]))
  const { data, error } = await client(authUrl, anonKey).signInWithOAuth({
    provider: 'wechat_qr',
    options: { redirectTo, scopes: scopes || undefined, queryParams },
  })
  if (error) fail(error.message)
  process.stdout.write(`${data.url}\n`)
} else if (command === 'sign-in') {
  const [redirectTo] = rest
  const auth = client(authUrl, anonKey)
  const { data, error } = await auth.signInWithOAuth({ provider: 'wechat_qr', options: { redirectTo } })
  if (error) fail(error.message)
  const landing = await followSignIn(data.url)
  const code = landing.searchParams.get('code')
  if (!code) fail(`no code in ${landing}`)
  const exchanged = await auth.exchangeCodeForSession(code)
  if (exchanged.error) fail(`exchangeCodeForSession: ${exchanged.error.message}`)
  const { data: current } = await auth.getSession()
  process.stdout.write(`${JSON.stringify(current.session)}\n`)
} else if (command === 'adopt') {
  const input = await new Promise((resolve) => {
    let text = ''
    process.stdin.on('data', (chunk) => { text += chunk })
    process.stdin.on('end', () => resolve(text))
  })
  const session = JSON.parse(input)
  const auth = client(authUrl, anonKey)
  const set = await auth.setSession({ access_token: session.access_token, refresh_token: session.refresh_token })
  if (set.error) fail(`setSession: ${set.error.message}`)
  const { data: adopted, error: getError } = await auth.getSession()
  if (getError || !adopted.session) fail(`getSession: ${getError?.message ?? 'no session'}`)
  const refreshed = await auth.refreshSession()
  if (refreshed.error) fail(`refreshSession: ${refreshed.error.message}`)
  process.stdout.write(`${JSON.stringify({ adopted: adopted.session, refreshed: refreshed.data.session })}\n`)
} else {
  fail(`unknown command ${command}`)
}
