using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace KafkaNet.WebConsole.Tests;

/// <summary>One browser's view of the console API over HTTP: its own cookies, so each instance is a session of its own.</summary>
internal sealed class ConsoleSession(SecuredConsoleBroker broker) : IDisposable
{
    private readonly HttpClient _http = new(new HttpClientHandler { CookieContainer = new CookieContainer(), UseCookies = true })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    public static async Task<ConsoleSession> SignedInAsync(SecuredConsoleBroker broker, string user, string password)
    {
        var session = new ConsoleSession(broker);
        using var response = await session.SignInAsync(user, password);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return session;
    }

    public Task<HttpResponseMessage> SignInAsync(string user, string password) =>
        PostAsync("/session", JsonSerializer.Serialize(new { userName = user, password }));

    public Task<HttpResponseMessage> GetAsync(string path) => _http.GetAsync(broker.Api(path));

    public Task<HttpResponseMessage> PostAsync(string path, string json) =>
        _http.PostAsync(broker.Api(path), new StringContent(json, Encoding.UTF8, "application/json"));

    public Task<HttpResponseMessage> DeleteAsync(string path) => _http.DeleteAsync(broker.Api(path));

    /// <summary>GET, expecting 200, as JSON.</summary>
    public async Task<JsonElement> JsonAsync(string path)
    {
        using var response = await GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task<List<string>> TopicNamesAsync() =>
        [.. (await JsonAsync("/topics")).EnumerateArray().Select(t => t.GetProperty("name").GetString()!)];

    /// <summary>Asserts the status and Kafka's error name of a refused request.</summary>
    public static async Task AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode status, string error)
    {
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal(error, JsonDocument.Parse(body).RootElement.GetProperty("error").GetString());
    }

    public void Dispose() => _http.Dispose();
}
