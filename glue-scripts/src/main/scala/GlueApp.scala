// AWS Glue entry script of snapshot-sync: Glue 6.0 runs it with the spark41 jar, Glue 5.1 with the
// spark35 jar. Glue compiles this file from the job's script location and calls GlueApp.main (job
// parameter --class GlueApp); the deployable jar arrives through --extra-jars. All logic lives in the
// jar: this script only hands Glue's arguments over, and GlueEntry drops Glue's own ones.
//
// No Glue library is used (GlueContext, GlueArgParser, Job): AWS publishes those outside Maven
// Central, so CI could not compile against them, and the export needs nothing from them: it takes
// the SparkSession Glue has configured. Job bookmarks do not apply (every run is a full snapshot).
import dev.snapshotsync.job.GlueEntry

object GlueApp {
  def main(sysArgs: Array[String]): Unit = GlueEntry.run(sysArgs)
}
