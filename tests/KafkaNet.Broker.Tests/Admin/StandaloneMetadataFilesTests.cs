using KafkaNet.Broker.Topics;

namespace KafkaNet.Broker.Tests.Admin;

/// <summary>The file steps of a topics.json takeover, each one safe to repeat after a crash.</summary>
public sealed class StandaloneMetadataFilesTests
{
    [Fact]
    public void Take_moves_topics_json_aside_and_returns_its_topics_and_producer_id_mark()
    {
        using var dir = new TempDirectory();
        var registry = new TopicRegistry(dir.Path);
        Assert.False(registry.Create(new TopicSpec("orders", 4, 1, [new("retention.ms", "5")]), validateOnly: false).Error.IsError);
        var id = registry.Find("orders")!.TopicId;
        File.WriteAllText(Path.Combine(dir.Path, "producer-ids"), "version=1\nnext.block.start=2000\n");

        var taken = StandaloneMetadataFiles.Take(dir.Path);

        Assert.NotNull(taken);
        var topic = Assert.Single(taken.Topics);
        Assert.Equal(("orders", id, 4, "5"), (topic.Name, topic.TopicId, topic.PartitionCount, topic.Configs["retention.ms"]));
        Assert.Equal(2000, taken.NextProducerId);
        Assert.False(File.Exists(Path.Combine(dir.Path, "topics.json")));
        Assert.True(File.Exists(Path.Combine(dir.Path, "topics.json.importing")));
        Assert.Empty(new TopicRegistry(dir.Path).Topics);
    }

    [Fact]
    public void An_unfinished_takeover_is_taken_again_and_finish_keeps_the_file_as_migrated()
    {
        using var dir = new TempDirectory();
        new TopicRegistry(dir.Path).Create(new TopicSpec("a", 1, 1, []), validateOnly: false);
        Assert.NotNull(StandaloneMetadataFiles.Take(dir.Path));

        var again = StandaloneMetadataFiles.Take(dir.Path);
        Assert.Equal("a", Assert.Single(again!.Topics).Name);
        Assert.Equal(0, again.NextProducerId);

        StandaloneMetadataFiles.Finish(dir.Path);
        Assert.True(File.Exists(Path.Combine(dir.Path, "topics.json.migrated")));
        Assert.Null(StandaloneMetadataFiles.Take(dir.Path));
    }

    [Fact]
    public void A_damaged_topics_json_is_refused_and_left_in_place()
    {
        using var dir = new TempDirectory();
        string file = Path.Combine(dir.Path, "topics.json");
        File.WriteAllText(file, "{ \"version\": 1, \"topics\": [ { \"name\": ");

        Assert.Throws<InvalidDataException>(() => StandaloneMetadataFiles.Take(dir.Path));
        Assert.True(File.Exists(file));
        Assert.False(File.Exists(file + ".importing"));
    }

    [Fact]
    public void A_directory_without_topics_json_has_nothing_to_take()
    {
        using var dir = new TempDirectory();
        Assert.Null(StandaloneMetadataFiles.Take(dir.Path));
    }
}
