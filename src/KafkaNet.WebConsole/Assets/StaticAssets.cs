using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace KafkaNet.WebConsole.Assets;

/// <summary>The page, script and style of the console, read from the assembly's resources (wwwroot).</summary>
internal static class StaticAssets
{
    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.Ordinal)
    {
        ["index.html"] = "text/html; charset=utf-8",
        ["app.js"] = "text/javascript; charset=utf-8",
        ["app.css"] = "text/css; charset=utf-8",
    };

    // Everything comes from this listener: no CDN, no inline script; the page works offline.
    private const string ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'";

    public static void Map(IEndpointRouteBuilder endpoints, string basePath)
    {
        var assets = ContentTypes.ToDictionary(a => a.Key, a => (Bytes: Load(a.Key), ContentType: a.Value), StringComparer.Ordinal);
        // One route for /console and /console/...: routing treats a trailing slash as the same path.
        endpoints.MapGet(basePath + "/{file?}", (string? file, HttpRequest request) =>
        {
            if (file is null)
            {
                // The page loads its script and style relative to itself, so it must be at /console/.
                return request.Path.Value!.EndsWith('/') ? Serve(request.HttpContext.Response, assets["index.html"]) : Results.Redirect(basePath + "/");
            }
            return assets.TryGetValue(file, out var asset) ? Serve(request.HttpContext.Response, asset) : Results.NotFound();
        });
    }

    private static IResult Serve(HttpResponse response, (byte[] Bytes, string ContentType) asset)
    {
        response.Headers.CacheControl = "no-cache";
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        return Results.Bytes(asset.Bytes, asset.ContentType);
    }

    private static byte[] Load(string name)
    {
        using var stream = typeof(StaticAssets).Assembly.GetManifestResourceStream("console/" + name)
            ?? throw new InvalidOperationException($"The console's {name} is missing from the assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
