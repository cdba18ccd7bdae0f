using Microsoft.CodeAnalysis;

namespace KafkaNet.Protocol.Generator.Tests;

/// <summary>Bad spec files become compiler errors naming the file and the problem, never generator crashes.</summary>
public class SpecDiagnosticsTests
{
    private const string ValidRequest = """
        { "name": "PingRequest", "kind": "request", "apiKey": 500, "versions": "0-2", "flexibleVersions": "2+",
          "fields": [
            { "name": "Text", "type": "string", "versions": "0+", "nullableVersions": "1+" },
            { "name": "Items", "type": "[]Item", "versions": "0+", "fields": [
              { "name": "Id", "type": "int32", "versions": "0+" } ] },
            { "name": "Trace", "type": "uuid", "versions": "2+", "taggedVersions": "2+", "tag": 0 }
          ] }
        """;

    public static TheoryData<string, string> BadSpecs() => new()
    {
        { "{ \"name\": ", "invalid JSON" },
        { "[1, 2]", "one JSON object" },
        { """{ "name": "X", "kind": "request", "apiKey": 1, "versions": "0", "fields": [ { "name": "A", "type": "int33", "versions": "0+" } ] }""", "unknown type" },
        { """{ "name": "X", "kind": "request", "apiKey": 1, "versions": "0", "fields": [ { "name": "A", "type": "int32", "versions": "0+", "nullableVersions": "0+" } ] }""", "cannot be nullable" },
        { """{ "name": "X", "kind": "request", "apiKey": 1, "versions": "0", "flexibleVersions": "0+", "fields": [ { "name": "A", "type": "int32", "versions": "0+", "tag": 0 } ] }""", "go together" },
        { """{ "name": "X", "kind": "request", "apiKey": 1, "versions": "0-1", "flexibleVersions": "1+", "fields": [ { "name": "A", "type": "int32", "versions": "0+", "tag": 0, "taggedVersions": "0+" } ] }""", "not all flexible" },
        { """{ "name": "X", "kind": "request", "apiKey": 1, "versions": "0", "flexibleVersions": "0+", "fields": [ { "name": "A", "type": "int32", "versions": "0+", "tag": 0, "taggedVersions": "0+" }, { "name": "B", "type": "int32", "versions": "0+", "tag": 0, "taggedVersions": "0+" } ] }""", "used twice" },
        { """{ "name": "X", "kind": "request", "apiKey": 1, "versions": "3-1", "fields": [] }""", "empty" },
        { """{ "name": "X", "kind": "request", "versions": "0", "fields": [] }""", "needs an apiKey" },
        { """{ "name": "X", "kind": "request", "apiKey": 1, "versions": "0", "fields": [ { "name": "A", "type": "[]Missing", "versions": "0+" } ] }""", "unknown struct" },
        { """{ "name": "X", "kind": "request", "apiKey": 1, "versions": "0", "fields": [ { "name": "A", "type": "int8", "versions": "0+", "default": "300" } ] }""", "does not fit" },
        { """{ "name": "X", "kind": "request", "apiKey": 1, "versions": "0", "fields": [ { "name": "A", "type": "int32", "versions": "0+" }, { "name": "A", "type": "int32", "versions": "0+" } ] }""", "declared twice" },
        { """{ "name": "lower", "kind": "request", "apiKey": 1, "versions": "0", "fields": [] }""", "PascalCase" },
    };

    [Theory]
    [MemberData(nameof(BadSpecs))]
    public void Bad_spec_is_reported_as_an_error_naming_the_problem(string json, string expected)
    {
        var diagnostics = GeneratorHarness.Diagnostics(("Bad.json", json));
        var error = Assert.Single(diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.StartsWith("KNP", error.Id, StringComparison.Ordinal);
        Assert.Contains(expected, error.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void Valid_spec_generates_a_message_and_the_api_table()
    {
        var result = GeneratorHarness.Run(("PingRequest.json", ValidRequest));
        Assert.Empty(result.Diagnostics);
        var sources = result.Results.Single().GeneratedSources.Select(s => s.HintName).ToList();
        Assert.Contains("PingRequest.g.cs", sources);
        Assert.Contains("ApiTable.g.cs", sources);
        string code = result.Results.Single().GeneratedSources.Single(s => s.HintName == "PingRequest.g.cs").SourceText.ToString();
        Assert.Contains("public sealed partial class Item", code, StringComparison.Ordinal);
        Assert.Contains("case 0:", code, StringComparison.Ordinal);
    }

    [Fact]
    public void Unstable_latest_version_is_carried_into_the_api_table()
    {
        string unstable = ValidRequest.Replace("\"versions\": \"0-2\",", "\"versions\": \"0-2\", \"latestVersionUnstable\": true, \"listeners\": [\"broker\"],", StringComparison.Ordinal);
        var result = GeneratorHarness.Run(("PingRequest.json", unstable));
        string table = result.Results.Single().GeneratedSources.Single(s => s.HintName == "ApiTable.g.cs").SourceText.ToString();
        Assert.Contains("new(500, \"Ping\", 0, 2, 2, true, true, false)", table, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_requests_with_one_api_key_are_an_error()
    {
        string other = ValidRequest.Replace("PingRequest", "PongRequest", StringComparison.Ordinal);
        var diagnostics = GeneratorHarness.Diagnostics(("PingRequest.json", ValidRequest), ("PongRequest.json", other));
        Assert.Contains(diagnostics, d => d.Id == "KNP004");
    }

    [Fact]
    public void Spec_files_outside_protocol_spec_are_ignored()
    {
        var result = GeneratorHarness.Run();
        Assert.Empty(result.Diagnostics);
        Assert.Empty(result.Results.Single().GeneratedSources);
    }
}
