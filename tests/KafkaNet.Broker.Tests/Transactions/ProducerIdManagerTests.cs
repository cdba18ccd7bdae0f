using KafkaNet.Broker.Tests.Admin;
using KafkaNet.Broker.Transactions;

namespace KafkaNet.Broker.Tests.Transactions;

public sealed class ProducerIdManagerTests
{
    [Fact]
    public void Ids_are_handed_out_in_order_from_blocks_whose_end_is_on_disk_first()
    {
        using var dir = new TempDirectory();
        var manager = new ProducerIdManager(dir.Path);

        Assert.Equal(0, manager.Generate());
        Assert.Equal(ProducerIdManager.BlockSize, manager.NextBlockStart);
        Assert.Equal(ProducerIdManager.BlockSize, StoredBlockEnd(dir.Path));
        var rest = Enumerable.Range(0, ProducerIdManager.BlockSize).Select(_ => manager.Generate()).ToList();

        Assert.Equal(Enumerable.Range(1, ProducerIdManager.BlockSize).Select(i => (long)i), rest);
        Assert.Equal(2 * ProducerIdManager.BlockSize, StoredBlockEnd(dir.Path));
    }

    [Fact]
    public void A_restart_starts_past_every_block_ever_used()
    {
        using var dir = new TempDirectory();
        var before = new ProducerIdManager(dir.Path);
        long last = Enumerable.Range(0, 1500).Select(_ => before.Generate()).Max();

        // No shutdown of any kind: the next manager only has what the first one wrote.
        var after = new ProducerIdManager(dir.Path);
        long first = after.Generate();

        Assert.True(first > last, $"{first} repeats an id up to {last}");
        Assert.Equal(2 * ProducerIdManager.BlockSize, first);
    }

    [Fact]
    public void A_file_it_did_not_write_stops_startup_rather_than_risking_repeated_ids()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(Path.Combine(dir.Path, ProducerIdManager.FileName), "next.block.start=banana\n");

        Assert.Throws<InvalidDataException>(() => new ProducerIdManager(dir.Path));
    }

    [Fact]
    public void A_temporary_file_left_by_a_crash_is_ignored()
    {
        using var dir = new TempDirectory();
        new ProducerIdManager(dir.Path).Generate();
        File.WriteAllText(Path.Combine(dir.Path, ProducerIdManager.FileName + ".tmp"), "version=1\nnext.block.start=");

        var reopened = new ProducerIdManager(dir.Path);

        Assert.Equal(ProducerIdManager.BlockSize, reopened.Generate());
        Assert.False(File.Exists(Path.Combine(dir.Path, ProducerIdManager.FileName + ".tmp")));
    }

    private static long StoredBlockEnd(string directory)
    {
        string line = File.ReadAllLines(Path.Combine(directory, ProducerIdManager.FileName)).Single(l => l.StartsWith("next.block.start=", StringComparison.Ordinal));
        return long.Parse(line["next.block.start=".Length..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
