// The sample-efficiency chart of docs/figures/rank.md: test AUC of the LoRA-tuned ranker and of DIN against the number
// of training samples. Run from the repository root after the runs of docs/figures/rank.md:
//   R=/tmp/rank/r OUT=docs/figures/rank-budget.png jshell --class-path "recllm-cli/target/lib/*" docs/scripts/rank-budget-chart.jsh
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.recllm.core.report.LineChart;

var json = new ObjectMapper();
var dir = Path.of(System.getenv("R"));
int[] budgets = {64, 256, 1024, 4096, 8192};
double[] x = new double[budgets.length];
double[] din = new double[budgets.length];
double[] lora = new double[budgets.length];
for (int i = 0; i < budgets.length; i++) {
    x[i] = Math.log(budgets[i]) / Math.log(2);
    din[i] = json.readTree(dir.resolve("din-budget-" + budgets[i] + ".json").toFile()).get("test_auc_mean").asDouble();
    lora[i] = json.readTree(dir.resolve("test-lora-" + budgets[i] + ".json").toFile()).get("test_auc").asDouble();
}
double all = json.readTree(dir.resolve("din-all.json").toFile()).get("test_auc_mean").asDouble();
double base = json.readTree(dir.resolve("test-base.json").toFile()).get("test_auc").asDouble();
LineChart.png(Path.of(System.getenv("OUT")), "ML100K-TIME test AUC against training samples (log2)", "log2 training samples",
        "test AUC", java.util.List.of(new LineChart.Series("DIN, same samples", x, din),
                new LineChart.Series("student + LoRA", x, lora),
                new LineChart.Series("DIN, all 80k", new double[] {x[0], x[x.length - 1]}, new double[] {all, all}),
                new LineChart.Series("student zero-shot", new double[] {x[0], x[x.length - 1]}, new double[] {base, base})));
/exit
