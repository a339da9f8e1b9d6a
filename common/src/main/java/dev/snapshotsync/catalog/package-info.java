/**
 * Registration of published days in the AWS Glue Data Catalog (target.glue-catalog): the table
 * each format needs (columns from the manifest, SerDe, location) and one partition per day. Runs
 * after publish; the data is never touched from here. AWS SDK v2, as the platforms ship it.
 */
package dev.snapshotsync.catalog;
