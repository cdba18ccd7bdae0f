namespace KafkaNet.Protocol.Generator.Tests;

/// <summary>"metadata" specs become records of the metadata log with a generated dispatch table.</summary>
public class MetadataRecordTableTests
{
    private const string TopicRecord = """
        { "name": "TopicRecord", "kind": "metadata", "apiKey": 2, "versions": "0-1", "flexibleVersions": "0+",
          "fields": [ { "name": "Name", "type": "string", "versions": "0+" }, { "name": "TopicId", "type": "uuid", "versions": "0+" } ] }
        """;

    private const string PingRequest = """
        { "name": "PingRequest", "kind": "request", "apiKey": 2, "versions": "0", "fields": [] }
        """;

    [Fact]
    public void Metadata_spec_generates_the_record_and_a_table_dispatching_on_its_type()
    {
        var result = GeneratorHarness.Run(("TopicRecord.json", TopicRecord));
        Assert.Empty(result.Diagnostics);
        var sources = result.Results.Single().GeneratedSources;
        Assert.Contains(sources, s => s.HintName == "TopicRecord.g.cs");
        string table = sources.Single(s => s.HintName == "MetadataRecordTable.g.cs").SourceText.ToString();
        Assert.Contains("TopicRecord = 2,", table, StringComparison.Ordinal);
        Assert.Contains("case 2: return TopicRecord.Read(ref reader, version);", table, StringComparison.Ordinal);
        Assert.Contains("case 2: lowest = 0; highest = 1; return true;", table, StringComparison.Ordinal);
        Assert.Contains("case TopicRecord: return 2;", table, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_metadata_specs_no_metadata_table_is_generated()
    {
        var result = GeneratorHarness.Run(("PingRequest.json", PingRequest));
        Assert.Empty(result.Diagnostics);
        Assert.DoesNotContain(result.Results.Single().GeneratedSources, s => s.HintName == "MetadataRecordTable.g.cs");
    }

    [Fact]
    public void A_metadata_record_may_share_its_number_with_an_api_key()
    {
        var result = GeneratorHarness.Run(("TopicRecord.json", TopicRecord), ("PingRequest.json", PingRequest));
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void Two_metadata_records_with_one_type_are_an_error()
    {
        string other = TopicRecord.Replace("TopicRecord", "OtherRecord", StringComparison.Ordinal);
        var diagnostics = GeneratorHarness.Diagnostics(("TopicRecord.json", TopicRecord), ("OtherRecord.json", other));
        Assert.Contains(diagnostics, d => d.Id == "KNP004");
    }

    [Fact]
    public void A_metadata_record_needs_an_api_key()
    {
        string keyless = TopicRecord.Replace("\"apiKey\": 2, ", "", StringComparison.Ordinal);
        var diagnostics = GeneratorHarness.Diagnostics(("TopicRecord.json", keyless));
        var error = Assert.Single(diagnostics);
        Assert.Contains("needs an apiKey", error.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }
}
