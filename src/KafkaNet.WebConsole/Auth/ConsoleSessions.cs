using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using KafkaNet.Broker.Security;

namespace KafkaNet.WebConsole.Auth;

/// <summary>
/// The signed-in users of the console, by session token. A token is 32 random bytes; only its SHA-256 is kept, so the
/// table cannot be used to sign in. A session ends on sign-out, after <see cref="IdleTimeout"/> without a request,
/// <see cref="MaxLifetime"/> after sign-in, or when its SASL session ends (connections.max.reauth.ms, as a Kafka client's
/// session would), whichever is first.
/// </summary>
internal sealed class ConsoleSessions(TimeProvider time)
{
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromHours(8);

    // More sessions than this and the oldest go: sign-ins cannot grow the table without bound.
    private const int MaxSessions = 1000;

    private readonly ConcurrentDictionary<string, Session> _sessions = new(StringComparer.Ordinal);

    public int Count => _sessions.Count;

    /// <summary>Starts a session for an authenticated user and returns its token (for the cookie).</summary>
    public string Start(SaslConnectionState sasl)
    {
        ArgumentNullException.ThrowIfNull(sasl);
        var now = time.GetUtcNow();
        Prune(now);
        string token = Base64Url(RandomNumberGenerator.GetBytes(32));
        _sessions[Key(token)] = new Session(sasl, now + MaxLifetime, now);
        return token;
    }

    /// <summary>The session's authentication when the token names a live one (which counts as a use); null otherwise.</summary>
    public SaslConnectionState? Find(string? token)
    {
        if (string.IsNullOrEmpty(token) || !_sessions.TryGetValue(Key(token), out var session))
        {
            return null;
        }
        var now = time.GetUtcNow();
        if (!session.IsLive(now))
        {
            _sessions.TryRemove(Key(token), out _);
            return null;
        }
        session.Used(now);
        return session.Sasl;
    }

    public void End(string? token)
    {
        if (!string.IsNullOrEmpty(token))
        {
            _sessions.TryRemove(Key(token), out _);
        }
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, session) in _sessions)
        {
            if (!session.IsLive(now))
            {
                _sessions.TryRemove(key, out _);
            }
        }
        foreach (var (key, _) in _sessions.OrderBy(s => s.Value.LastUsedTicks).Take(Math.Max(0, _sessions.Count - MaxSessions + 1)))
        {
            _sessions.TryRemove(key, out _);
        }
    }

    private static string Key(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private sealed class Session(SaslConnectionState sasl, DateTimeOffset ends, DateTimeOffset started)
    {
        // Ticks, so that requests of one session on several threads read and write it whole.
        private long _lastUsedTicks = started.UtcTicks;

        public SaslConnectionState Sasl { get; } = sasl;

        public long LastUsedTicks => Volatile.Read(ref _lastUsedTicks);

        public void Used(DateTimeOffset now) => Volatile.Write(ref _lastUsedTicks, now.UtcTicks);

        public bool IsLive(DateTimeOffset now) =>
            now < ends && now.UtcTicks - LastUsedTicks < IdleTimeout.Ticks && !Sasl.SessionExpired;
    }
}
