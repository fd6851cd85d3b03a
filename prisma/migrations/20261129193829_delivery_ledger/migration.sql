-- CreateEnum
CREATE TYPE "DeliveryKind" AS ENUM ('ANNOUNCEMENT', 'DRIP', 'REMINDER');

-- CreateEnum
CREATE TYPE "DeliveryStatus" AS ENUM ('QUEUED', 'SENDING', 'CANCELLED');

-- CreateEnum
CREATE TYPE "RecipientStatus" AS ENUM ('PENDING', 'SENDING', 'SENT', 'FAILED', 'UNREACHABLE', 'CANCELLED');

-- AlterTable
ALTER TABLE "PlatformAccount" ADD COLUMN     "unreachableSince" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "Delivery" (
    "id" SERIAL NOT NULL,
    "kind" "DeliveryKind" NOT NULL,
    "courseId" INTEGER NOT NULL,
    "authorId" INTEGER,
    "body" TEXT NOT NULL,
    "imagePath" TEXT,
    "status" "DeliveryStatus" NOT NULL DEFAULT 'QUEUED',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expandedAt" TIMESTAMP(3),
    "cancelledAt" TIMESTAMP(3),

    CONSTRAINT "Delivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeliveryRecipient" (
    "id" SERIAL NOT NULL,
    "deliveryId" INTEGER NOT NULL,
    "userId" INTEGER NOT NULL,
    "platform" "Platform" NOT NULL,
    "chatId" TEXT NOT NULL,
    "status" "RecipientStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "leaseUntil" TIMESTAMP(3),
    "platformMessageId" TEXT,
    "lastError" TEXT,
    "sentAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DeliveryRecipient_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Delivery_courseId_createdAt_idx" ON "Delivery"("courseId", "createdAt");

-- CreateIndex
CREATE INDEX "DeliveryRecipient_deliveryId_status_idx" ON "DeliveryRecipient"("deliveryId", "status");

-- CreateIndex
CREATE INDEX "DeliveryRecipient_status_leaseUntil_idx" ON "DeliveryRecipient"("status", "leaseUntil");

-- CreateIndex
CREATE UNIQUE INDEX "DeliveryRecipient_deliveryId_userId_platform_key" ON "DeliveryRecipient"("deliveryId", "userId", "platform");

-- AddForeignKey
ALTER TABLE "Delivery" ADD CONSTRAINT "Delivery_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Delivery" ADD CONSTRAINT "Delivery_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeliveryRecipient" ADD CONSTRAINT "DeliveryRecipient_deliveryId_fkey" FOREIGN KEY ("deliveryId") REFERENCES "Delivery"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeliveryRecipient" ADD CONSTRAINT "DeliveryRecipient_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
