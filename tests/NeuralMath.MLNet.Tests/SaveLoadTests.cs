using System.IO.Compression;
using Microsoft.ML;
using Microsoft.ML.Data;
using NeuralMath.Internal;
using NeuralMath.Training;

namespace NeuralMath.MLNet.Tests;

/// <summary>Model zips: weights inside, same type back, identical outputs in another process; clear errors for damaged or newer zips.</summary>
public sealed class SaveLoadTests(TrainedModelFixture fixture) : IDisposable
{
    private static readonly string[] Inputs = ["3+4", "9+9", "0+0", "6+2", "5+8", "12+1", "7+x"];
    private readonly string _dir = Directory.CreateTempSubdirectory("nm-mlnet-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Save_PutsWeightsInsideTheZip_AndLoadGivesTheSameTypeAndOutputs()
    {
        string zip = Save();
        using (var archive = ZipFile.OpenRead(zip))
            Assert.Contains(archive.Entries, e => e.FullName.EndsWith(MathSeq2SeqTransformer.ModelEntry, StringComparison.Ordinal));

        var fresh = new MLContext(seed: 1);
        var loaded = fresh.Model.Load(zip, out _);
        var chain = Assert.IsType<TransformerChain<ITransformer>>(loaded);
        Assert.IsType<MathSeq2SeqTransformer>(chain.Last());
        Assert.Equal(Rows.Lines(fixture.MLContext, fixture.Model.Transform(Rows.Inputs(fixture.MLContext, Inputs))),
            Rows.Lines(fresh, loaded.Transform(Rows.Inputs(fresh, Inputs))));
    }

    [Fact]
    public void Load_InAnotherProcess_GivesBitIdenticalPredictions()
    {
        string zip = Save();
        var lines = PredictSample.Run(zip, Inputs);

        using var engine = fixture.MLContext.Model.CreatePredictionEngine<InputRow, OutputRow>(fixture.Model, Rows.SharedModel);
        var expected = Inputs.Select(i =>
        {
            var o = engine.Predict(new InputRow { Input = i });
            o.Input = i;
            return o.ToLine();
        });
        Assert.Equal(expected, lines);
    }

    [Fact]
    public void Load_TruncatedZip_FailsClearly()
    {
        string zip = Save();
        var bytes = File.ReadAllBytes(zip);
        File.WriteAllBytes(zip, bytes[..(bytes.Length / 2)]);
        var e = Assert.ThrowsAny<Exception>(() => new MLContext().Model.Load(zip, out _));
        Assert.Contains("Central Directory", AllMessages(e), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Load_DamagedWeights_SaysTheNeuralMathModelIsDamaged()
    {
        string zip = Save();
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Update))
        {
            var entry = archive.Entries.Single(e => e.FullName.EndsWith(MathSeq2SeqTransformer.ModelEntry, StringComparison.Ordinal));
            string name = entry.FullName;
            entry.Delete();
            using var writer = new BinaryWriter(archive.CreateEntry(name).Open());
            writer.Write(10);
            writer.Write(new byte[10]);
        }
        var e = Assert.ThrowsAny<Exception>(() => new MLContext().Model.Load(zip, out _));
        Assert.Contains("NeuralMath seq2seq model in this model zip is damaged", AllMessages(e), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ZipFromANewerVersion_SaysToUpgrade()
    {
        string zip = Path.Combine(_dir, "newer.zip");
        ModelStorage.WriteVersionOverride = 0x00020001;
        try
        {
            fixture.MLContext.Model.Save(fixture.Model, fixture.Train.Schema, zip);
        }
        finally
        {
            ModelStorage.WriteVersionOverride = null;
        }
        var e = Assert.ThrowsAny<Exception>(() => new MLContext().Model.Load(zip, out _));
        Assert.Contains("written by a newer NeuralMath.MLNet", AllMessages(e), StringComparison.Ordinal);
        Assert.Contains("Upgrade NeuralMath.MLNet", AllMessages(e), StringComparison.Ordinal);
    }

    [Fact]
    public void AZipSavedByVersion0_1_0_StillLoads_AndPredictsAsItDidThen_AndSavesInTheCurrentFormat()
    {
        // Saved and predicted by NeuralMath.MLNet 0.1.0, whose pipeline read the input text (Data/legacy-0.1.0.zip).
        string[] then =
        [
            "3+4\t7\t7\t7|6|5\t-1.3921565|-1.7150471|-1.88996",
            "12+9\t20\t21\t20|21|22\t-0.88088125|-1.2171851|-2.1369798",
            "19+19\t37\t38\t37|38|36\t-1.2861689|-1.6040095|-1.7171532",
            "7+x\t\t\t||\tNaN|NaN|NaN",
        ];
        string[] inputs = [.. then.Select(l => l.Split('\t')[0])];
        var ml = new MLContext(seed: 1);
        var loaded = ml.Model.Load(Path.Combine(AppContext.BaseDirectory, "Data", "legacy-0.1.0.zip"), out var schema);
        var chain = Assert.IsType<TransformerChain<ITransformer>>(loaded);
        Assert.IsType<MathSeq2SeqTransformer>(chain.Last());
        AssertSameAnswers(then, Rows.Lines(ml, loaded.Transform(Rows.Inputs(ml, inputs))));

        string resaved = Path.Combine(_dir, "resaved.zip");
        ml.Model.Save(loaded, schema, resaved);
        var again = new MLContext().Model.Load(resaved, out _);
        AssertSameAnswers(then, Rows.Lines(ml, again.Transform(Rows.Inputs(ml, inputs))));
    }

    /// <summary>The same answers, and scores equal to float precision (another CPU may sum in another order).</summary>
    private static void AssertSameAnswers(string[] expected, List<string> actual)
    {
        Assert.Equal(expected.Length, actual.Count);
        for (int i = 0; i < expected.Length; i++)
        {
            var (e, a) = (expected[i].Split('\t'), actual[i].Split('\t'));
            Assert.Equal(e[..4], a[..4]);
            var (es, scores) = (e[4].Split('|'), a[4].Split('|'));
            for (int j = 0; j < es.Length; j++)
            {
                double want = double.Parse(es[j], System.Globalization.CultureInfo.InvariantCulture), got = double.Parse(scores[j], System.Globalization.CultureInfo.InvariantCulture);
                Assert.True(double.IsNaN(want) ? double.IsNaN(got) : Math.Abs(want - got) < 1e-4, $"{e[0]}: score {j} was {want}, now {got}");
            }
        }
    }

    private string Save()
    {
        string zip = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".zip");
        fixture.MLContext.Model.Save(fixture.Model, fixture.Train.Schema, zip);
        return zip;
    }

    internal static string AllMessages(Exception e)
    {
        var messages = new List<string>();
        for (Exception? x = e; x is not null; x = x.InnerException) messages.Add($"{x.GetType().Name}: {x.Message}");
        return string.Join(" --> ", messages);
    }
}
