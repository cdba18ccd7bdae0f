using Microsoft.IdentityModel.Tokens;

namespace KafkaNet.Broker.Security.OAuthBearer;

/// <summary>
/// A JSON Web Key Set served over https (sasl.oauthbearer.jwks.endpoint.url=https:...): fetched at start, then again
/// every refresh period in the background; a failed fetch keeps the last good keys. Until the first fetch succeeds
/// no token is valid.
/// </summary>
public sealed class JwksEndpoint : IJwksSource, IDisposable
{
    private static readonly TimeSpan FirstFetchWait = TimeSpan.FromSeconds(10);

    private readonly Uri _url;
    private readonly HttpClient _http;
    private readonly PeriodicTimer _timer;
    private IReadOnlyList<SecurityKey> _keys = [];

    private JwksEndpoint(Uri url, TimeSpan refresh, JwksTls tls)
    {
        _url = url;
        _http = new HttpClient(tls.Handler()) { Timeout = TimeSpan.FromSeconds(30) };
        _timer = new PeriodicTimer(refresh);
    }

    /// <summary>Starts fetching; waits a little for the first answer so a broker starts with its keys when it can.</summary>
    public static JwksEndpoint Start(Uri url, TimeSpan refresh, JwksTls tls)
    {
        ArgumentNullException.ThrowIfNull(tls);
        var endpoint = new JwksEndpoint(url, refresh, tls);
        var first = endpoint.FetchAsync();
        first.Wait(FirstFetchWait);
        _ = endpoint.RefreshAsync();
        return endpoint;
    }

    public IReadOnlyList<SecurityKey> CurrentKeys() => Volatile.Read(ref _keys);

    public void Dispose()
    {
        _timer.Dispose();
        _http.Dispose();
    }

    private async Task RefreshAsync()
    {
        try
        {
            while (await _timer.WaitForNextTickAsync().ConfigureAwait(false))
            {
                await FetchAsync().ConfigureAwait(false);
            }
        }
        catch (ObjectDisposedException)
        {
            // Stopped.
        }
    }

    private async Task FetchAsync()
    {
        try
        {
            string json = await _http.GetStringAsync(_url).ConfigureAwait(false);
            Volatile.Write(ref _keys, JwksParser.SigningKeys(json, _url.ToString()));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidDataException)
        {
            // Keep the last good keys; the next tick tries again.
        }
    }
}
